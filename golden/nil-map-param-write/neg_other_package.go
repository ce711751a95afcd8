package labels

import "maps"

func external(dst map[string]int) {
	// maps.Copy is not a function of this package: NM005 only follows
	// callees it can see.
	maps.Copy(dst, map[string]int{})
}

func callsExternal() {
	external(nil)
}
