# SPDX-License-Identifier: ISC
# Demo section 12 (sourced by scripts/demo.sh): anti-spoofing filters for
# the lab's transit operator (sav.yml, sav-rib.mrt from `manrs lab
# generate`): a multihomed customer whose traffic strict uRPF would drop,
# every method side by side for it, the EFP-uRPF filter as nftables, and
# the uRPF commands where strict mode suffices.
if section sav "12. Anti-spoofing filters (manrs sav, RFC 8704 EFP-uRPF)" sav; then
	if [ ! -f "$DIR/sav.yml" ] || [ ! -f "$DIR/sav-rib.mrt" ]; then
		say "(no sav.yml / sav-rib.mrt in $DIR: this lab generator predates them)"
		step_failed=1
	else
		sav_in="--config $DIR/sav.yml --rib $DIR/sav-rib.mrt"
		# a customer for which strict uRPF drops legitimate sources
		mh=$(timeout 20 "$MANRS" sav compare $sav_in 2>/dev/null |
			awk '$3 == "strict" && $7 > 0 { print $1; exit }')
		say "AS$(sed -n 's/^asn: //p' "$DIR/sav.yml") filters its customers ($DIR/sav.yml);" \
			"${mh:-none} is multihomed."
		if [ -z "$mh" ]; then
			say "(no customer where strict uRPF fails in this lab)"
			step_failed=1
		else
			say "False positives (legitimate space dropped) and spoofable space per method:"
			show sav compare $sav_in --rpki "$DIR/vrps.json" --irr-db "$DIR/irr.db" \
				--customer "$mh"
			efp_fp=$(awk '$3 == "efp-a" { print $7 }' "$work/out")
			if [ "$efp_fp" = 0 ]; then
				say "-> strict uRPF drops part of $mh's legitimate traffic; EFP-uRPF (A) drops none."
			else
				say "-> EFP-uRPF (A) drops $efp_fp of $mh's legitimate prefixes too"
				step_failed=1
			fi
			say "The EFP-A filter for $mh as nftables (nft -f loads it):"
			showh 12 sav $sav_in --customer "$mh"
		fi
		say "The uRPF interface commands where strict mode suffices (Junos):"
		showh 8 sav $sav_in --format urpf-junos
	fi
	done_section sav
fi
