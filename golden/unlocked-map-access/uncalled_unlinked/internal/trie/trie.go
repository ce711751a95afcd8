package trie

type Trie struct {
	keys []string
}

func Build(keys ...string) *Trie { return &Trie{keys: keys} }

func (t *Trie) Size() int { return len(t.keys) }
