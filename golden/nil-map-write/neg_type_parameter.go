package golden

// put writes into a value of a type parameter: its type is not known.
func put[M ~map[string]int](m M, k string) M {
	var out M
	out = m
	out[k] = 1
	return out
}
