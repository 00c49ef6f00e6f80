# SPDX-License-Identifier: ISC
# Demo section: MANRS readiness of a lab AS (manrs check). Sourced by
# scripts/demo.sh after its own sections; the demo ends with this report.
if section check "17. MANRS readiness of a lab AS (manrs check)" check; then
	as=$(inc_field aspa-leak actor)
	[ -n "$as" ] || as=2014
	say "Every AS of the lab, ranked as the Observatory's tables do (the lowest last):"
	timeout 20 "$MANRS" check --lab "$DIR" --all >"$work/rank" 2>/dev/null
	[ $? -le 1 ] || step_failed=1
	say "\$ manrs check --lab $DIR --all"
	head -4 "$work/rank"
	say "..."
	tail -3 "$work/rank"
	say
	say "The AS that leaked in the lab, checked against every MANRS action from the lab's"
	say "MRT files, VRPs, IRR (with contacts), CAIDA relationships and PeeringDB records:"
	showh 45 check --lab "$DIR" --html "$DIR/check-AS$as.html" "AS$as"
	if [ -s "$DIR/check-AS$as.html" ]; then
		say "-> HTML report (self-contained, printable): $DIR/check-AS$as.html"
	else
		say "-> no HTML report written"
		step_failed=1
	fi
	done_section check
fi
