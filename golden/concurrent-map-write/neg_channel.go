package p

type result struct {
	key string
	n   int
}

func collect(keys []string) map[string]int {
	results := make(chan result)
	for _, k := range keys {
		go func(k string) {
			results <- result{k, len(k)}
		}(k)
	}
	out := map[string]int{}
	for range keys {
		r := <-results
		out[r.key] = r.n
	}
	return out
}
