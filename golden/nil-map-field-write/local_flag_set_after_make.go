package metrics

import "sync"

// key is set only after the cache is made (under the same lock), so a
// non-empty key says the cache is there.
type Evaluator struct {
	mu       sync.Mutex
	cached   bool
	version  int
	cacheVer int
	cache    map[string]float64
	results  map[string]float64
}

func NewEvaluator(cached bool) *Evaluator {
	return &Evaluator{cached: cached}
}

func (e *Evaluator) Evaluate(name string, compute func() float64) float64 {
	var key string
	if e.cached {
		e.mu.Lock()
		defer e.mu.Unlock()
		if e.cache == nil || e.version != e.cacheVer {
			e.cache = map[string]float64{}
			e.cacheVer = e.version
		}
		key = name
		if v, ok := e.cache[key]; ok {
			return v
		}
	}
	v := compute()
	if key != "" {
		e.cache[key] = v
	}
	return v
}

// Near miss: the key is set where nothing makes results.
func (e *Evaluator) Record(name string, v float64) {
	var key string
	if name != "" {
		key = "result-" + name
	}
	if key != "" {
		e.results[key] = v // want "write to nil map field e.results: the Evaluator literal in NewEvaluator omits results"
	}
}

func Replay(e *Evaluator, names []string) {
	for _, n := range names {
		e.Record(n, 0)
	}
}
