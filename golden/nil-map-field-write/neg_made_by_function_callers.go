// A helper function writes through its parameter; every call of it comes
// after the caller made the map (directly, or through a method that makes it).

package p

import "os"

type sumState struct {
	m      map[string][]string
	status map[string]bool
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

// initSums makes the maps; it reports whether sums are in use.
func (f *Fetcher) initSums() (bool, error) {
	if f.sumState.m != nil {
		return true, nil
	}
	f.sumState.m = make(map[string][]string)
	f.sumState.status = make(map[string]bool)
	_, err := os.Stat(f.file)
	return err == nil, err
}

func addSumLocked(f *Fetcher, mod, h string) {
	f.sumState.m[mod] = append(f.sumState.m[mod], h)
}

func (f *Fetcher) Check(mod, h string) error {
	inited, err := f.initSums()
	if err != nil {
		return err
	}
	if inited {
		addSumLocked(f, mod, h)
	}
	return nil
}

func (f *Fetcher) Tidy(mods []string) {
	f.sumState.m = make(map[string][]string, len(f.sumState.m))
	for _, m := range mods {
		addSumLocked(f, m, "h1:")
	}
}
