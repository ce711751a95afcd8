package maps

import "example.com/runners/fs"

type mapFile struct {
	rows []string
}

type mapFiles map[string]*mapFile

// Each emptied file's literal runs on the writer's goroutine and deletes
// from m while the loop still ranges it.
func (m mapFiles) RefreshMaps() {
	for name, f := range m {
		fs.Writer.Write(func() {
			if len(f.rows) == 0 {
				delete(m, name) // want "concurrent write to map m: shared with goroutines without a lock"
			}
		})
	}
}

func Count(counts map[string]int, names []string) {
	for _, n := range names {
		fs.Later(func() {
			counts[n]++ // want "concurrent write to map counts: shared with goroutines without a lock"
		})
	}
}

// Now waits for its function: the deletes run one after another.
func (m mapFiles) Prune() {
	for name, f := range m {
		fs.Now(func() {
			if len(f.rows) == 0 {
				delete(m, name)
			}
		})
	}
}

// The literals only read the map; the writes come after the wait.
func (m mapFiles) Clean() {
	var empty []string
	for name, f := range m {
		fs.Writer.Write(func() {
			_ = len(f.rows) + len(m)
		})
		empty = append(empty, name)
	}
	fs.Writer.WaitUntilWritesDone()
	for _, name := range empty {
		delete(m, name)
	}
}
