package server

import (
	"context"

	"google.golang.org/grpc"

	"example.com/grpcservice/pb"
)

// Start registers the server: grpc-go runs each RPC and each stream's
// handler on a goroutine of its own, many at once.
type greeter struct {
	hellos  map[string]int
	streams map[string]map[string]bool
}

func (g *greeter) Start(s *grpc.Server) {
	pb.RegisterGreeterServer(s, g)
}

func (g *greeter) SayHello(ctx context.Context, req *pb.HelloRequest) (*pb.HelloReply, error) {
	g.hellos[req.Name]++ // want "concurrent write to map g.hellos: SayHello runs on several goroutines"
	return &pb.HelloReply{Message: "hello " + req.Name}, nil
}

func (g *greeter) Watch(stream pb.Greeter_WatchServer) error {
	for {
		req, err := stream.Recv()
		if err != nil {
			return err
		}
		g.note(req.Name)
	}
}

func (g *greeter) note(name string) {
	if _, ok := g.streams[name]; !ok {
		g.streams[name] = map[string]bool{} // want "concurrent write to map g.streams: note runs on several goroutines"
	}
	g.streams[name]["watch"] = true // want "concurrent write to map g.streams: note runs on several goroutines"
}

// A value handed to the registration as a literal.
type counter struct {
	calls map[string]int
}

func (c *counter) SayHello(ctx context.Context, req *pb.HelloRequest) (*pb.HelloReply, error) {
	c.calls["SayHello"]++ // want "concurrent write to map c.calls: SayHello runs on several goroutines"
	return &pb.HelloReply{}, nil
}

func (c *counter) Watch(stream pb.Greeter_WatchServer) error { return nil }

func serve() *grpc.Server {
	s := grpc.NewServer()
	pb.RegisterGreeterServer(s, &counter{calls: map[string]int{}})
	return s
}

// Streaming handlers with grpc-go's generic streams: each stream runs on
// its own goroutine, registered here or not.
type chat struct {
	rooms map[string][]string
}

func (c *chat) Join(req *pb.HelloRequest, stream grpc.ServerStreamingServer[pb.HelloReply]) error {
	c.rooms["lobby"] = append(c.rooms["lobby"], req.Name) // want "concurrent write to map c.rooms: (Join|Talk) runs on several goroutines"
	return stream.Send(&pb.HelloReply{Message: "joined"})
}

func (c *chat) Talk(stream grpc.BidiStreamingServer[pb.HelloRequest, pb.HelloReply]) error {
	req, err := stream.Recv()
	if err != nil {
		return err
	}
	delete(c.rooms, req.Name) // want "concurrent write to map c.rooms: (Join|Talk) runs on several goroutines"
	return nil
}
