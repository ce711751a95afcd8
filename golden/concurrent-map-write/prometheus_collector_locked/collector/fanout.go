package collector

import (
	"net/http"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// desc runs under Collect's mu.Lock() and, without it, in ServeHTTP: the
// handler's write races with everything. No fix: a mu.Lock() in desc
// would deadlock Collect, which already holds mu when it calls desc
// (sync.Mutex is not reentrant).
type fanned struct {
	mu    sync.Mutex
	descs map[string]*prometheus.Desc
}

func (f *fanned) Describe(ch chan<- *prometheus.Desc) {}

func (f *fanned) Collect(ch chan<- prometheus.Metric) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ch <- prometheus.MustNewConstMetric(f.desc("up"), 1)
}

func (f *fanned) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = f.desc(r.URL.Path)
}

func (f *fanned) desc(name string) *prometheus.Desc {
	if d, ok := f.descs[name]; ok {
		return d
	}
	d := prometheus.NewDesc(name)
	f.descs[name] = d // want "concurrent write to map f.descs"
	return d
}
