// Package render renders configuration sections into text.
package render

import (
	"sort"
	"strings"
)

// Ini adds the fixed section to cfg and renders every section: it reads back
// what it wrote, and a caller's nil map panics at the write.
func Ini(cfg map[string]string) string {
	cfg["paths"] = "/var/lib" // want `Ini writes into its parameter cfg, which a caller may pass as nil \(reconcile\.Sync passes svc\.Annotations \(svc is asserted from object\)\); it reads cfg back and returns no map, so its writes serve it alone and a guard here fixes every caller`
	keys := make([]string, 0, len(cfg))
	for k := range cfg {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var sb strings.Builder
	for _, k := range keys {
		sb.WriteString(k + "=" + cfg[k] + "\n")
	}
	return sb.String()
}

// Merge only writes into dst: its writes are for the caller, which must
// make the map (a guard here would drop them): reported at the call (NM004).
func Merge(dst, src map[string]string) {
	for k, v := range src {
		dst[k] = v
	}
}

// Checked makes the map when nil before writing it.
func Checked(cfg map[string]string) string {
	if cfg == nil {
		cfg = map[string]string{}
	}
	cfg["paths"] = "/var/lib"
	return cfg["paths"] + strings.Join(nil, "")
}

// Skipped returns early on a nil map.
func Skipped(cfg map[string]string) int {
	if cfg == nil {
		return 0
	}
	cfg["paths"] = "/var/lib"
	return len(cfg)
}

// Defaults reads back but gets only made maps from its callers.
func Defaults(cfg map[string]string) int {
	cfg["paths"] = "/var/lib"
	return len(cfg)
}
