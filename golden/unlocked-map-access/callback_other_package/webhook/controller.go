package webhook

import (
	"sync"

	"example.com/callbackother/ctrlutil"
)

type Controller struct {
	lock        sync.Mutex
	policyState map[string]bool
	status      ctrlutil.Status
}

func (c *Controller) Record(name string, ready bool) {
	c.lock.Lock()
	defer c.lock.Unlock()
	c.policyState[name] = ready
}

// The callback runs inside ctrlutil.UpdateStatus, before it returns, while
// c.lock is held.
func (c *Controller) Refresh(name string) error {
	c.lock.Lock()
	defer c.lock.Unlock()
	_, changed, err := ctrlutil.UpdateStatus(c.status, func(s *ctrlutil.Status) error {
		if !c.policyState[name] {
			s.Message = "not ready"
		}
		return nil
	})
	if changed {
		return nil
	}
	return err
}

// Near miss: ctrlutil.Later keeps the callback, which runs later without
// the lock.
func (c *Controller) RefreshLater(name string) {
	c.lock.Lock()
	defer c.lock.Unlock()
	ctrlutil.Later(func(s *ctrlutil.Status) error {
		s.Ready = c.policyState[name] // want "read of map c.policyState without holding c.lock: Record locks it"
		return nil
	})
}
