package golden

var registry map[string]int

func init() {
	registry = make(map[string]int)
}

// Register writes into a map that init makes.
func Register(name string, n int) {
	registry[name] = n
}
