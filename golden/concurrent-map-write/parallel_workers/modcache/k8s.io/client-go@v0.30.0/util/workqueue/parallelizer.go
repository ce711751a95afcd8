// Package workqueue is a stand-in for client-go's parallelizer, which runs
// doWorkPiece on up to workers goroutines and returns when every piece is
// done.
package workqueue

import (
	"context"
	"sync"
)

type DoWorkPieceFunc func(piece int)

func ParallelizeUntil(ctx context.Context, workers, pieces int, doWorkPiece DoWorkPieceFunc) {
	toProcess := make(chan int, pieces)
	for i := 0; i < pieces; i++ {
		toProcess <- i
	}
	close(toProcess)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for piece := range toProcess {
				if ctx.Err() != nil {
					return
				}
				doWorkPiece(piece)
			}
		}()
	}
	wg.Wait()
}

func Parallelize(workers, pieces int, doWorkPiece DoWorkPieceFunc) {
	ParallelizeUntil(context.Background(), workers, pieces, doWorkPiece)
}
