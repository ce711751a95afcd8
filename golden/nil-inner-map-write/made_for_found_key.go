package network

// Watch records the addresses seen per MAC. The inner sets are made up
// front for every MAC the device index holds, and a reported MAC is used
// only once it was found in that index, so its inner set exists.
func Watch(byMAC map[string]int, reports func(func(mac, ip string) bool)) map[string]map[string]struct{} {
	seen := map[string]map[string]struct{}{}
	for mac := range byMAC {
		seen[mac] = map[string]struct{}{}
	}
	reports(func(mac, ip string) bool {
		if _, ok := byMAC[mac]; !ok {
			return true
		}
		seen[mac][ip] = struct{}{}
		return false
	})
	return seen
}

// WatchChecked finds the MAC in an if's header and writes in its body.
func WatchChecked(byMAC map[string]int, reported [][2]string) map[string]map[string]struct{} {
	seen := map[string]map[string]struct{}{}
	for mac := range byMAC {
		seen[mac] = map[string]struct{}{}
	}
	for _, r := range reported {
		mac, ip := r[0], r[1]
		if _, ok := byMAC[mac]; ok {
			seen[mac][ip] = struct{}{}
		}
	}
	return seen
}

// Near miss: a reported MAC that was never looked up may have no inner set.
func WatchUnchecked(byMAC map[string]int, reports func(func(mac, ip string) bool)) map[string]map[string]struct{} {
	seen := map[string]map[string]struct{}{}
	for mac := range byMAC {
		seen[mac] = map[string]struct{}{}
	}
	reports(func(mac, ip string) bool {
		seen[mac][ip] = struct{}{} // want "write to inner map seen\\[mac\\]"
		return false
	})
	return seen
}

// Near miss: the inner set of a found MAC may have been deleted since.
func WatchForgetting(byMAC map[string]int, reports func(func(mac, ip string) bool), gone string) map[string]map[string]struct{} {
	seen := map[string]map[string]struct{}{}
	for mac := range byMAC {
		seen[mac] = map[string]struct{}{}
	}
	delete(seen, gone)
	reports(func(mac, ip string) bool {
		if _, ok := byMAC[mac]; !ok {
			return true
		}
		seen[mac][ip] = struct{}{} // want "write to inner map seen\\[mac\\]"
		return false
	})
	return seen
}
