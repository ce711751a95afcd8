package p

import "sync"

// Near miss of neg_builder_grows_own_nodes: Grow is called on a tree the
// goroutines share, so the copies of its nodes that grow runs on share
// their maps with it.
type trie struct {
	Kids map[string]trie
}

func (t *trie) Grow(parts []string) {
	node := trie{}
	if other, ok := t.Kids[parts[0]]; ok {
		node = other
	}
	node.grow(parts[1:])
}

func (t *trie) grow(parts []string) {
	if len(parts) == 0 {
		return
	}
	t.Kids[parts[0]] = trie{} // want "concurrent write to map t.Kids"
}

func Serve(t *trie, jobs <-chan []string, workers int) {
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				t.Grow(j)
			}
		}()
	}
	wg.Wait()
}
