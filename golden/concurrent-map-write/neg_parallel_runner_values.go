package p

import "sync"

// sequential runs the functions it is handed one after another.
func sequential(fns ...func() error) error {
	for _, fn := range fns {
		if err := fn(); err != nil {
			return err
		}
	}
	return nil
}

type deployer struct {
	objects map[string]string
	own     map[string]string
	other   map[string]string
}

func (d *deployer) deployA() error {
	d.objects["a"] = "x"
	return nil
}

func (d *deployer) deployB() error {
	d.objects["b"] = "y"
	return nil
}

// A runner that runs its functions in turn: no two at once.
func (d *deployer) DeployInTurn() error {
	return sequential(d.deployA, d.deployB)
}

// inTurn starts one goroutine per function but waits for each before the
// next.
func inTurn(fns ...func()) {
	var wg sync.WaitGroup
	for _, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn()
		}()
		wg.Wait()
	}
}

func (d *deployer) stampA() { d.objects["stampA"] = "x" }

func (d *deployer) stampB() { d.objects["stampB"] = "y" }

// Each iteration waits for its goroutine: the functions run one at a time.
func (d *deployer) StampInTurn() {
	inTurn(d.stampA, d.stampB)
}

// parallelLocked runs its functions at once, each under one lock.
func parallelLocked(fns ...func()) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			fn()
			mu.Unlock()
		}()
	}
	wg.Wait()
}

func (d *deployer) markA() { d.objects["markA"] = "x" }

func (d *deployer) markB() { d.objects["markB"] = "y" }

// The runner holds one lock around every function it runs.
func (d *deployer) MarkLocked() {
	parallelLocked(d.markA, d.markB)
}

// fanOut runs its functions at once.
func fanOut(fns ...func()) {
	var wg sync.WaitGroup
	for _, fn := range fns {
		wg.Add(1)
		go func(f func()) {
			defer wg.Done()
			f()
		}(fn)
	}
	wg.Wait()
}

type lockedDeployer struct {
	mu      sync.Mutex
	objects map[string]string
}

func (d *lockedDeployer) lockedA() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.objects["lockedA"] = "x"
}

func (d *lockedDeployer) lockedB() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.objects["lockedB"] = "y"
}

// The functions run at once but take the deployer's lock.
func (d *lockedDeployer) DeployLocked() {
	fanOut(d.lockedA, d.lockedB)
}

func (d *deployer) writeOwn() { d.own["k"] = "x" }

func (d *deployer) writeOther() { d.other["k"] = "y" }

// The functions run at once, each writing a map of its own.
func (d *deployer) DeploySeparate() {
	fanOut(d.writeOwn, d.writeOther)
}

// apply calls the function it is handed once, on the caller's goroutine.
func apply(nodes []string, fn func(string)) {
	for _, n := range nodes {
		fn(n)
	}
}

func (d *deployer) record(node string) { d.objects[node] = "seen" }

// A value handed to a helper that is no runner.
func (d *deployer) RecordAll(nodes []string) {
	apply(nodes, d.record)
}
