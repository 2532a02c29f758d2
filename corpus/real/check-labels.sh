#!/bin/sh
# Checks that labels.tsv has exactly one row per line of every .log file in
# this directory (1-based, in order), no row for a missing file, a known class
# in every row, and a peer of "-" on every line that is not an IKE line.
# Usage: corpus/real/check-labels.sh   (exit 0 when consistent)
set -eu
dir=$(dirname "$0")
cd "$dir"
classes='phase1_start phase1_up peer_id id_mismatch psk_policy_miss auth_fail
retransmit_timeout retransmit weak_ike weak_esp no_proposal nat_t vendor_id
phase2_start phase2_up phase2_no_conn spi dpd_enabled dpd_dead dpd_action
unknown_sa notify_received notify_sent delete_sa delete_sa_not_found sa_deleted
disconnect xauth_ok xauth_fail network_error daemon state_change other -'
head -n 1 labels.tsv | grep -qx "$(printf 'file\tline\tclass\tpeer')" ||
	{ echo "labels.tsv: bad header" >&2; exit 1; }
expected=$(mktemp)
actual=$(mktemp)
trap 'rm -f "$expected" "$actual"' EXIT
for f in *.log; do
	awk -v f="$f" '{ print f "\t" NR }
		END { if (NR == 0) print f "\tEMPTY" }' "$f"
done > "$expected"
tail -n +2 labels.tsv | cut -f1,2 > "$actual"
if ! cmp -s "$expected" "$actual"; then
	echo "labels.tsv: rows do not match the lines of the .log files (first difference):" >&2
	diff "$expected" "$actual" | head -n 5 >&2
	exit 1
fi
tail -n +2 labels.tsv | awk -F '\t' -v classes="$classes" '
	BEGIN { n = split(classes, c, /[ \n]+/); for (i = 1; i <= n; i++) ok[c[i]] = 1 }
	NF != 4 { printf "labels.tsv:%d: %d fields\n", NR + 1, NF; bad = 1; next }
	!($3 in ok) { printf "labels.tsv:%d: unknown class %s\n", NR + 1, $3; bad = 1 }
	$3 == "-" && $4 != "-" { printf "labels.tsv:%d: peer on a non-IKE line\n", NR + 1; bad = 1 }
	$4 == "" { printf "labels.tsv:%d: empty peer\n", NR + 1; bad = 1 }
	END { exit bad }' >&2
echo "labels.tsv: $(tail -n +2 labels.tsv | wc -l | tr -d ' ') rows for $(ls *.log | wc -l | tr -d ' ') files: OK"
