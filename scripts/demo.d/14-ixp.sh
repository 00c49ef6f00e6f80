# SPDX-License-Identifier: ISC
# Sourced by scripts/demo.sh: IXP route servers from the lab's ixp.yml
# (manrs ixp generate); BIRD's own parser accepts what manrs writes.
if section ixp "14. IXP route servers (manrs ixp generate)" ixp generate; then
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
	done_section ixp
fi
