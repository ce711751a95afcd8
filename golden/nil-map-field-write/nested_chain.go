package widget

// WidgetStatus is the observed state.
type WidgetStatus struct {
	Conditions map[string]bool
}

// Widget is a resource with a status.
type Widget struct {
	Name   string
	Status WidgetStatus
}

// NewWidget leaves Status, and so its Conditions, zero.
func NewWidget(name string) *Widget {
	return &Widget{Name: name}
}

// SetCondition writes through the nested chain.
func SetCondition(w *Widget, cond string, ok bool) {
	w.Status.Conditions[cond] = ok // want "write to nil map field w.Status.Conditions"
}
