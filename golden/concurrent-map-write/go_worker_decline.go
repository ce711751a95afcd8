package p

func record(m map[int]bool, n int) {
	m[n] = true
}

func mark(n int) map[int]bool {
	m := map[int]bool{}
	record(m, 0)
	go record(m, n) // want "concurrent write to map m: record writes it on a goroutine without a lock"
	m[-1] = false   // want "concurrent write to map m: shared with goroutines without a lock"
	return m
}
