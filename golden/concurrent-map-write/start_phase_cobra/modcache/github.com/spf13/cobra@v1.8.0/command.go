// Package cobra stands for github.com/spf13/cobra: Execute runs the chosen
// command's run functions on the goroutine that calls it.
package cobra

type Command struct {
	Use     string
	PreRunE func(cmd *Command, args []string) error
	RunE    func(cmd *Command, args []string) error
	Run     func(cmd *Command, args []string)

	children []*Command
}

func (c *Command) AddCommand(cmds ...*Command) {
	c.children = append(c.children, cmds...)
}

func (c *Command) Execute() error {
	for _, child := range c.children {
		if child.PreRunE != nil {
			if err := child.PreRunE(child, nil); err != nil {
				return err
			}
		}
		if child.RunE != nil {
			return child.RunE(child, nil)
		}
		if child.Run != nil {
			child.Run(child, nil)
			return nil
		}
	}
	return nil
}
