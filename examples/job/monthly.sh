#!/bin/sh
# The monthly job: a recording in the history store, one file per unit, the web site, and a mail to each
# unit's manager with their file.
#
#   ./monthly.sh             write out/enheter/ and out/site/, then mail each manager (mutt -a)
#   ./monthly.sh --dry-run   write them, and print what it would send instead of sending it
#
# It needs nothing from the environment: it runs in its own folder (where kvu.toml names the inputs)
# and sets PATH itself. kvu is looked for in the folder's bin/ first (a copy or a link of the binary),
# then in /usr/local/bin (`cargo install --locked --root /usr/local --path .`), /usr/bin and /bin.
# The mail goes with mutt (Debian and RHEL: the package `mutt`), which needs a working sendmail (MTA).
set -eu

job=$(cd "$(dirname "$0")" && pwd)
cd "$job"
PATH="$job/bin:/usr/local/bin:/usr/bin:/bin"
export PATH
LC_ALL=C.UTF-8
export LC_ALL

dry_run=no
case "${1-}" in
  --dry-run) dry_run=yes ;;
  "") ;;
  *) echo "monthly.sh: unknown argument '$1', expected --dry-run or nothing" >&2; exit 2 ;;
esac

mkdir -p out
# Bad exports stop the job here (exit 2), before anything is written or sent.
kvu validate --strict > out/validate.txt
# What was read and what it gave, kept in the history store (kvu.toml's `history`) before anything is
# sent; a second run on the same day changes nothing.
kvu --quiet record
# Every unit of the tree, down to the wards (no --split-depth): each manager gets their own unit.
kvu --quiet --split unit --format xlsx --output out/enheter gaps
kvu --quiet site --output out/site --no-names

# out/enheter/index.csv is RFC 4180 CSV: unit,name,parent,email,file,rows. A name may hold commas,
# quotes and line breaks, so the fields are read by a reader that follows the quotes, not split at
# commas. It prints one line per unit with an address: email, file, rows and a label, tab-separated.
tab=$(printf '\t')
awk '
  BEGIN { header = "unit,name,parent,email,file,rows" }
  {
    record = open ? record "\n" $0 : $0
    rest = record
    open = gsub(/"/, "", rest) % 2
    if (open) next
    n = 0; field = ""; quoted = 0
    for (i = 1; i <= length(record); i++) {
      c = substr(record, i, 1)
      if (quoted) {
        if (c != "\"") field = field c
        else if (substr(record, i + 1, 1) == "\"") { field = field c; i++ }
        else quoted = 0
      } else if (c == "\"") quoted = 1
      else if (c == ",") { f[++n] = field; field = "" }
      else field = field c
    }
    f[++n] = field
    if (++records == 1) {
      if (record != header) { print "monthly.sh: index.csv: the header is not " header > "/dev/stderr"; exit 2 }
      next
    }
    if (n != 6) { print "monthly.sh: index.csv: a row of " n " fields, expected 6" > "/dev/stderr"; exit 2 }
    if (f[4] == "") next
    if (f[4] ~ /[ \t\n\r]/ || f[5] ~ /[\/\t\n\r]/) {
      print "monthly.sh: index.csv: unit " f[1] ": an address or file name kvu would not write" > "/dev/stderr"
      exit 2
    }
    label = f[2] != "" ? f[2] : f[1]
    gsub(/[\t\n\r]/, " ", label)
    print f[4] "\t" f[5] "\t" f[6] "\t" label
  }
  END { if (open) { print "monthly.sh: index.csv: a quote is not closed" > "/dev/stderr"; exit 2 } }
' out/enheter/index.csv > out/mail.tsv

sent=0
while IFS="$tab" read -r email file rows label; do
  subject="KVU-utbildning: $label"
  if [ "$dry_run" = yes ]; then
    echo "would mail $email: out/enheter/$file ($label; $rows rader)"
  else
    printf 'Enhetens utbildningsläge i KVU (%s rader), bifogat.\n' "$rows" |
      mutt -s "$subject" -a "out/enheter/$file" -- "$email"
  fi
  sent=$((sent + 1))
done < out/mail.tsv
if [ "$dry_run" = yes ]; then
  echo "monthly.sh: $sent mails not sent (--dry-run)"
else
  echo "monthly.sh: $sent mails sent"
fi
