package p

type Names struct {
	byID map[int]string
}

func NewNames() *Names {
	return &Names{byID: map[int]string{}}
}

// Set must not be called concurrently with other methods.
func (n *Names) Set(id int, name string) {
	n.byID[id] = name
}

// Get returns the name of id.
func (n *Names) Get(id int) string {
	return n.byID[id]
}
