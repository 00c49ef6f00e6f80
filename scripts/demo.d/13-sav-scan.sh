# SPDX-License-Identifier: ISC
# Sourced by scripts/demo.sh: the lab's edge capture scanned for spoofed
# sources (manrs sav scan), checked against the planted ground truth.
if section sav-scan "13. Spoofed sources on the customer edge (manrs sav scan)" sav scan; then
	say "The lab's operator mirrors its customer ports into traffic.pcap; sav-filters.json"
	say "holds what each customer may send (its customer cone), spoofed.json what was planted."
	showh 24 sav scan --filters "$DIR/sav-filters.json" --top 3 "$DIR/traffic.pcap"
	timeout 20 "$MANRS" sav scan --filters "$DIR/sav-filters.json" --list --json \
		"$DIR/traffic.pcap" >"$work/savscan.json" 2>/dev/null
	[ $? -le 1 ] || step_failed=1
	found=$(grep -o '"index":[0-9]*' "$work/savscan.json" | sort | tr '\n' ' ')
	planted=$(grep -o '"index":[0-9]*' "$DIR/spoofed.json" | sort | tr '\n' ' ')
	if [ -n "$planted" ] && [ "$found" = "$planted" ]; then
		say "-> exactly the $(echo "$planted" | wc -w) planted spoofed packets of spoofed.json, and nothing else"
	else
		say "-> the spoofed packets found differ from spoofed.json"
		step_failed=1
	fi
	if [ -r "$DIR/sav.yml" ] && implemented sav filter; then
		say
		say "The same capture against filters 'manrs sav' computes from sav.yml, per method"
		say "(sav-map.txt gives the ingress): spoofed packets found"
		for m in strict efp-a bar-sav; do
			timeout 20 "$MANRS" sav --config "$DIR/sav.yml" --rib "$DIR/sav-rib.mrt" \
				--rpki "$DIR/vrps.json" --as-rel "$DIR/as-rel.txt" --method $m --json \
				>"$work/sav-$m.json" 2>/dev/null || { step_failed=1; continue; }
			n=$(timeout 20 "$MANRS" sav scan --filters "$work/sav-$m.json" --map "$DIR/sav-map.txt" \
				"$DIR/traffic.pcap" 2>/dev/null | sed -n 's/^\([0-9]*\) packets with a spoofed.*/\1/p')
			say "  $m: $n"
		done
		say "-> strict uRPF drops multihomed customers' legitimate packets; EFP-uRPF and BAR-SAV do not"
	fi
	done_section sav-scan
fi
