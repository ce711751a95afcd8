package p

// Near misses: the collection may be non-empty while the map is nil.

type Server struct{ Listen []string }

type App struct {
	Servers map[string]*Server
	Other   map[string]*Server
}

// Filled in a range over another map.
func (a *App) FromOther() {
	var names []string
	for name := range a.Other {
		names = append(names, name)
	}
	for _, n := range names {
		a.Servers[n] = &Server{} // want `write to nil map field a.Servers`
	}
}

// Grown outside the range too.
func (a *App) WithDefault() {
	var names []string
	for name := range a.Servers {
		names = append(names, name)
	}
	names = append(names, "default")
	for _, n := range names {
		a.Servers[n+"-copy"] = &Server{} // want `write to nil map field a.Servers`
	}
}

// Handed to a function, which may fill it.
func (a *App) Handed(fill func(map[string]bool)) {
	seen := make(map[string]bool)
	for name := range a.Servers {
		seen[name] = true
	}
	fill(seen)
	if len(seen) > 0 {
		a.Servers["seen"] = &Server{} // want `write to nil map field a.Servers`
	}
}

// Starts non-empty.
func (a *App) Seeded() {
	names := []string{"default"}
	for name := range a.Servers {
		names = append(names, name)
	}
	for _, n := range names {
		a.Servers[n+"-copy"] = &Server{} // want `write to nil map field a.Servers`
	}
}

// A made empty slice is not nil: the test says nothing of its length.
func (a *App) NotNil() {
	names := make([]string, 0)
	for name := range a.Servers {
		names = append(names, name)
	}
	if names != nil {
		a.Servers["any"] = &Server{} // want `write to nil map field a.Servers`
	}
}

func NewApp() *App { return &App{} }

func Use(fill func(map[string]bool)) {
	a := NewApp()
	a.FromOther()
	a.WithDefault()
	a.Handed(fill)
	a.Seeded()
	a.NotNil()
}

// Grown outside the range by an increment, which adds its key.
func (a *App) Counted() {
	seen := map[string]int{}
	for name := range a.Servers {
		seen[name] = 1
	}
	seen["default"]++
	if len(seen) > 0 {
		a.Servers["seen"] = &Server{} // want `write to nil map field a.Servers`
	}
}
