// Package cache is a stand-in for client-go's informer cache: its stores
// hand out the cached objects, which callers must not modify.
package cache

type Store interface {
	Get(obj any) (item any, exists bool, err error)
	GetByKey(key string) (item any, exists bool, err error)
	List() []any
}

type Indexer interface {
	Store
	ByIndex(indexName, indexedValue string) ([]any, error)
}

type ResourceEventHandlerFuncs struct {
	AddFunc    func(obj any)
	UpdateFunc func(oldObj, newObj any)
	DeleteFunc func(obj any)
}

type SharedIndexInformer interface {
	AddEventHandler(handler ResourceEventHandlerFuncs)
	GetStore() Store
	GetIndexer() Indexer
}

// NewStore is a store of the caller's own.
func NewStore() Store { return nil }
