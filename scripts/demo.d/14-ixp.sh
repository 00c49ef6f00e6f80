# SPDX-License-Identifier: ISC
# Sourced by scripts/demo.sh: IXP route servers from the lab's ixp.yml
# (manrs ixp generate); BIRD's own parser accepts what manrs writes; what an
# unfiltered route server holds, checked against the policy (ixp check); an
# IXP description from the lab's PeeringDB objects (ixp import).
if section ixp "14. IXP route servers (manrs ixp generate, check, import)" ixp generate; then
	say "The lab's ixp.yml makes every lab AS a member of LAB-IX; their AS-SETs"
	say "expand from irr.db, ASPAs come from vrps.json, ROV goes through RTR:"
	showh 4 ixp generate "$DIR/ixp.yml" --irr "$DIR/irr.db" --vrps "$DIR/vrps.json" \
		-o "$work/rs-bird.conf"
	say "One member's import filter:"
	sed -n '/^filter rs_in_AS/,/^}/{p;/^}/q}' "$work/rs-bird.conf"
	if command -v bird >/dev/null 2>&1; then
		say "\$ bird -p -c rs-bird.conf"
		if timeout 60 bird -p -c "$work/rs-bird.conf"; then
			say "-> BIRD accepts the configuration ($(wc -l <"$work/rs-bird.conf") lines)"
		else
			step_failed=1
		fi
	else
		say "(bird not installed: bird -p skipped)"
	fi
	say "The reasons tagged routes carry:"
	showh 20 ixp reasons
	say
	say "ixp-rs-rib.mrt is what LAB-IX's route server holds with no filter at all."
	say "Which of its routes does the policy drop (exit 1: findings)?"
	showh 6 ixp check "$DIR/ixp.yml" --rib "$DIR/ixp-rs-rib.mrt" --irr "$DIR/irr.db" \
		--vrps "$DIR/vrps.json"
	say "Among them, the planted RPKI-invalid route (see incidents.json):"
	grep 'rpki-invalid' "$work/out"
	say
	say "An IXP description from PeeringDB objects (the lab's peeringdb.json; its"
	say "route server has no netixlan entry there, so its address is given):"
	showh 12 ixp import --peeringdb "$DIR/peeringdb.json" --ixlan 1 \
		--rs-address 198.51.100.1 -o "$work/ixp-imported.yml"
	head -n 12 "$work/ixp-imported.yml"
	done_section ixp
fi
