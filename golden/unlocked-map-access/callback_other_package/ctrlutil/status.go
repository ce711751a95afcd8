// Package ctrlutil holds helpers the controllers share.
package ctrlutil

// Status is what the controllers report.
type Status struct {
	Ready   bool
	Message string
}

// UpdateStatus runs build on a copy of the status and reports whether it
// changed: build runs before UpdateStatus returns.
func UpdateStatus(current Status, build func(*Status) error) (Status, bool, error) {
	next := current
	if err := build(&next); err != nil {
		return current, false, err
	}
	return next, next != current, nil
}

// Later keeps build to run it when the next event comes.
func Later(build func(*Status) error) {
	pending = append(pending, build)
}

var pending []func(*Status) error
