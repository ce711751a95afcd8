package p

import "sync"

type request struct {
	Body       string
	Extensions map[string]string
}

type sink struct{ prefix string }

func (s sink) runInterceptors(names []string, extensions map[string]string) request {
	req := request{Body: s.prefix, Extensions: extensions}
	for _, n := range names {
		send(&req)
		req.Extensions[n] = s.prefix // want "concurrent write to map req.Extensions: processGroup starts goroutines in a loop that all pass extensions to processTrigger, which hands it to triggerInterceptors, which hands it to runInterceptors, which writes it without a lock"
	}
	return req
}

// send only reads the request it is handed.
func send(req *request) {
	_ = req.Body
}

func (s sink) triggerInterceptors(trigger string, extensions map[string]string) request {
	return s.runInterceptors([]string{trigger}, extensions)
}

func (s sink) processTrigger(trigger string, extensions map[string]string) string {
	resp := s.triggerInterceptors(trigger, extensions)
	if resp.Extensions != nil {
		extensions = resp.Extensions
	}
	return extensions[trigger]
}

// Every trigger's goroutine gets the group's one extensions map; the
// callee hands it down to a function that puts it into a request and
// merges into it: the goroutines write one map at once. (The callee's
// assignment of the parameter comes after it handed the map on.)
func (s sink) processGroup(triggers []string) {
	extensions := map[string]string{}
	var wg sync.WaitGroup
	wg.Add(len(triggers))
	for _, t := range triggers {
		go func(t string) {
			defer wg.Done()
			s.processTrigger(t, extensions)
		}(t)
	}
	wg.Wait()
}

func mergeInto(dst map[string]string, k string) {
	dst[k] = "merged" // want "concurrent write to map dst: MergeAll starts goroutines in a loop that all pass shared to merge, which hands it to mergeInto, which writes it without a lock"
}

func merge(m map[string]string, k string) {
	mergeInto(m, k)
}

// A package function hands the map on to another that writes it.
func MergeAll(keys []string) {
	shared := map[string]string{}
	for _, k := range keys {
		go merge(shared, k)
	}
}
