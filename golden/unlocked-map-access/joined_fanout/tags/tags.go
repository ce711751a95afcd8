// Package tags holds tag lists that a scanner fills from goroutines it
// joins before it hands a list out.
package tags

import (
	"sort"
	"sync"
)

// List is filled by Add from the goroutines of scan.Collect, which waits
// for all of them before it returns the list: Sorted runs only after the
// wait, on a list no goroutine touches any more.
type List struct {
	mu    sync.Mutex
	items map[string]int
}

// NewList returns an empty list.
func NewList() *List {
	l := List{}
	l.items = make(map[string]int)
	return &l
}

// Add records a tag.
func (l *List) Add(name string, n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.items[name] = n
}

// Len counts the tags under the lock.
func (l *List) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.items)
}

// Sorted returns the tag names in order.
func (l *List) Sorted() []string {
	names := make([]string, 0, len(l.items))
	for name := range l.items {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Unjoined is filled by goroutines that scan.Fire never waits for.
type Unjoined struct {
	mu    sync.Mutex
	items map[string]int
}

// NewUnjoined returns an empty list.
func NewUnjoined() *Unjoined {
	return &Unjoined{items: map[string]int{}}
}

// Add records a tag.
func (u *Unjoined) Add(name string, n int) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.items[name] = n
}

// Sorted returns the tag names.
func (u *Unjoined) Sorted() []string {
	var names []string
	for name := range u.items { // want "read of map u.items without holding u.mu"
		names = append(names, name)
	}
	return names
}

// OnePath is waited for on one path only (scan.Maybe).
type OnePath struct {
	mu    sync.Mutex
	items map[string]int
}

// NewOnePath returns an empty list.
func NewOnePath() *OnePath {
	return &OnePath{items: map[string]int{}}
}

// Add records a tag.
func (o *OnePath) Add(name string, n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.items[name] = n
}

// Sorted returns the tag names.
func (o *OnePath) Sorted() []string {
	var names []string
	for name := range o.items { // want "read of map o.items without holding o.mu"
		names = append(names, name)
	}
	return names
}

// Early is returned before the wait on an error path (scan.Early).
type Early struct {
	mu    sync.Mutex
	items map[string]int
}

// NewEarly returns an empty list.
func NewEarly() *Early {
	return &Early{items: map[string]int{}}
}

// Add records a tag.
func (e *Early) Add(name string, n int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.items[name] = n
}

// Sorted returns the tag names.
func (e *Early) Sorted() []string {
	var names []string
	for name := range e.items { // want "read of map e.items without holding e.mu"
		names = append(names, name)
	}
	return names
}

// Peeked is read while the goroutines still run (scan.Peek).
type Peeked struct {
	mu    sync.Mutex
	items map[string]int
}

// NewPeeked returns an empty list.
func NewPeeked() *Peeked {
	return &Peeked{items: map[string]int{}}
}

// Add records a tag.
func (p *Peeked) Add(name string, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.items[name] = n
}

// Count counts the tags without the lock.
func (p *Peeked) Count() int {
	return len(p.items) // want "read of map p.items without holding p.mu"
}

// Kept is kept in a struct field, where other goroutines can find it.
type Kept struct {
	mu    sync.Mutex
	items map[string]int
}

// NewKept returns an empty list.
func NewKept() *Kept {
	return &Kept{items: map[string]int{}}
}

// Add records a tag.
func (k *Kept) Add(name string, n int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.items[name] = n
}

// Sorted returns the tag names.
func (k *Kept) Sorted() []string {
	var names []string
	for name := range k.items { // want "read of map k.items without holding k.mu"
		names = append(names, name)
	}
	return names
}

// Grouped is filled by the functions scan.Group hands to wg.Go, which calls
// Done when each returns; Group waits before it returns the list.
type Grouped struct {
	mu    sync.Mutex
	items map[string]int
}

// NewGrouped returns an empty list.
func NewGrouped() *Grouped {
	return &Grouped{items: map[string]int{}}
}

// Add records a tag.
func (g *Grouped) Add(name string, n int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.items[name] = n
}

// Sorted returns the tag names.
func (g *Grouped) Sorted() []string {
	var names []string
	for name := range g.items {
		names = append(names, name)
	}
	return names
}

// Boxed is joined in scan.Boxes, but scan.Box keeps another one in a field
// of interface type, where other goroutines can find it.
type Boxed struct {
	mu    sync.Mutex
	items map[string]int
}

// NewBoxed returns an empty list.
func NewBoxed() *Boxed {
	return &Boxed{items: map[string]int{}}
}

// Add records a tag.
func (b *Boxed) Add(name string, n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.items[name] = n
}

// Sorted returns the tag names.
func (b *Boxed) Sorted() []string {
	var names []string
	for name := range b.items { // want "read of map b.items without holding b.mu"
		names = append(names, name)
	}
	return names
}

// Deferred is printed by a call that scan.Deferred defers before its
// goroutines start; an early return runs it while they still add.
type Deferred struct {
	mu    sync.Mutex
	items map[string]int
}

// NewDeferred returns an empty list.
func NewDeferred() *Deferred {
	return &Deferred{items: map[string]int{}}
}

// Add records a tag.
func (d *Deferred) Add(name string, n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.items[name] = n
}

// Count counts the tags without the lock.
func (d *Deferred) Count() int {
	return len(d.items) // want "read of map d.items without holding d.mu"
}

// Closed is counted by a call that scan.Closed defers; every return of
// scan.Closed comes after the wait, so the count runs once the goroutines
// have ended.
type Closed struct {
	mu    sync.Mutex
	items map[string]int
}

// NewClosed returns an empty list.
func NewClosed() *Closed {
	return &Closed{items: map[string]int{}}
}

// Add records a tag.
func (c *Closed) Add(name string, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[name] = n
}

// Count counts the tags without the lock.
func (c *Closed) Count() int {
	return len(c.items)
}

// Broken is read after a loop that scan.Broken leaves by a break between
// the start of its goroutines and the wait.
type Broken struct {
	mu    sync.Mutex
	items map[string]int
}

// NewBroken returns an empty list.
func NewBroken() *Broken {
	return &Broken{items: map[string]int{}}
}

// Add records a tag.
func (b *Broken) Add(name string, n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.items[name] = n
}

// Count counts the tags without the lock.
func (b *Broken) Count() int {
	return len(b.items) // want "read of map b.items without holding b.mu"
}

// Labeled is filled by scan.Labeled, whose labeled continue stays inside
// the loop that starts the goroutines: its wait runs on every path.
type Labeled struct {
	mu    sync.Mutex
	items map[string]int
}

// NewLabeled returns an empty list.
func NewLabeled() *Labeled {
	return &Labeled{items: map[string]int{}}
}

// Add records a tag.
func (l *Labeled) Add(name string, n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.items[name] = n
}

// Count counts the tags without the lock.
func (l *Labeled) Count() int {
	return len(l.items)
}
