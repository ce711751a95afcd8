// One call of the helper function comes before anything made the map.

package p

type sumState struct {
	m map[string][]string
}

type Fetcher struct {
	file     string
	sumState sumState
}

func NewFetcher(file string) *Fetcher {
	f := new(Fetcher)
	f.file = file
	return f
}

func (f *Fetcher) initSums() {
	if f.sumState.m == nil {
		f.sumState.m = make(map[string][]string)
	}
}

func addSumLocked(f *Fetcher, mod, h string) {
	f.sumState.m[mod] = append(f.sumState.m[mod], h) // want "write to nil map field f.sumState.m: new\\(Fetcher\\) in NewFetcher leaves it nil"
}

func (f *Fetcher) Check(mod, h string) {
	f.initSums()
	addSumLocked(f, mod, h)
}

func (f *Fetcher) Quick(mod string) {
	addSumLocked(f, mod, "h1:")
}
