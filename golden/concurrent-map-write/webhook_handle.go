package p

import "context"

// An admission webhook's Handle serves several requests at once.
type Request struct{ UID string }

type Response struct{ Allowed bool }

type Validator struct {
	decisions map[string]bool
}

func (v *Validator) Handle(ctx context.Context, req Request) Response {
	v.decisions[req.UID] = true // want "concurrent write to map v.decisions: Handle runs on several goroutines"
	return Response{Allowed: true}
}
