package p

// A range over a nil map runs no iteration: a collection that starts empty
// and grows only inside a range over the map is non-empty only when the
// map is not nil.

type Server struct{ Listen []string }

type App struct {
	Servers map[string]*Server
}

func (a *App) Direct() {
	for name := range a.Servers {
		a.Servers[name+"-copy"] = &Server{}
	}
}

func (a *App) Copies() {
	var names []string
	for name := range a.Servers {
		names = append(names, name)
	}
	for _, n := range names {
		a.Servers[n+"-copy"] = &Server{}
	}
}

func (a *App) Remaining() {
	addrs := make(map[string]struct{})
	for _, srv := range a.Servers {
		for _, l := range srv.Listen {
			addrs[l] = struct{}{}
		}
	}
	if len(addrs) > 0 {
		list := make([]string, 0, len(addrs))
		for l := range addrs {
			list = append(list, l)
		}
		a.Servers["remaining"] = &Server{Listen: list}
	}
}

func NewApp() *App { return &App{} }

func Use() {
	a := NewApp()
	a.Direct()
	a.Copies()
	a.Remaining()
}
