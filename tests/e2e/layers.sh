#!/bin/sh
# layers.sh — `make layers` (scripts/check-layers) passes on this tree and
# fails, naming the file, line and rule, on a copy of it with one wrong
# include of each kind: a core domain file including a store/ header, store/
# including a use-case header, tui/ or keys/ including a store/ header.
# Runs from the repository root. Ends with "N passed, N failed".

t_name=layers
. tests/e2e/script.shlib
t_root layers

if scripts/check-layers . >"$out" 2>&1; then
	ok "this tree: layers point one way"
else
	ko "this tree: layers point one way"; cat "$out"
fi

# a fresh copy of the sources in $root/tree
copy_tree() {
	rm -rf "$root/tree"
	for d in core store tui keys; do
		mkdir -p "$root/tree/$d"
		cp $d/*.c $d/*.h "$root/tree/$d/" 2>/dev/null
	done
}

# one wrong include in FILE of a fresh copy: the check must fail, naming FILE
wrong() {
	file=$1 line=$2 what=$3
	copy_tree
	printf '%s\n' "$line" >>"$root/tree/$file"
	if scripts/check-layers "$root/tree" >"$out" 2>&1; then
		ko "$what: accepted"; cat "$out"
	elif grep -q "^$file:[0-9]*:$line" "$out"; then
		ok "$what: refused, naming $file"
	else
		ko "$what: refused without naming $file"; cat "$out"
	fi
}

wrong core/eligibility.c '#include "store/store.h"' "core domain file includes store/"
wrong core/model.h '#include "store/db-geo.h"' "core domain header includes store/"
wrong store/db-org.c '#include "core/uc-preorder.h"' "store includes a use case"
wrong store/store.h '#include "core/uc.h"' "store header includes core/uc.h"
wrong tui/screen-faq.c '#include "store/store.h"' "tui includes store/"
wrong keys/exec.c '#  include "store/store-programme.h"' "keys includes store/"

# What is allowed stays allowed: use cases reach the store, store the domain.
copy_tree
printf '#include "store/store.h"\n' >>"$root/tree/core/uc-zone.c"
printf '#include "core/eligibility.h"\n' >>"$root/tree/store/db-org.c"
if scripts/check-layers "$root/tree" >"$out" 2>&1; then
	ok "use case includes store/, store includes a domain header: accepted"
else
	ko "use case includes store/, store includes a domain header: accepted"; cat "$out"
fi

t_end
