package p

type loader struct {
	name string
}

func (l *loader) fill(dst map[string]string, done chan<- struct{}) {
	dst[l.name] = "loaded"
	close(done)
}

func load(l *loader) map[string]string {
	seen := map[string]string{}
	done := make(chan struct{})
	go l.fill(seen, done) // want "concurrent write to map seen: fill writes it on a goroutine without a lock"

	seen["self"] = "caller" // want "concurrent write to map seen: shared with goroutines without a lock"
	<-done
	return seen
}
