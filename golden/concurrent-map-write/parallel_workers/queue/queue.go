// Package queue has a ParallelizeUntil of its own that runs the pieces one
// after the other on the caller's goroutine.
package queue

import "context"

func ParallelizeUntil(ctx context.Context, workers, pieces int, doWorkPiece func(int)) {
	for i := 0; i < pieces && ctx.Err() == nil; i++ {
		doWorkPiece(i)
	}
}
