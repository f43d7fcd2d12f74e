// The side-by-side with real Go for the benchmark report (workloads 1, 3 and 7 of
// StageBenchmarks/ParkedMemory, written the same way). Optional: the workbook never needs Go.
//
//	go run main.go > go.json      (or: bash run.sh go.json)
//
// Prints one JSON object: "spawn/1", "spawn/2", "pingPong/1", "pingPong/2" in ns per op (the
// mean of ~3 s of rounds, with ".error", its 99.9% error, and ".best", the best round), and
// "parkedBytes": bytes per goroutine parked on a channel (1,000,000).
package main

import (
	"encoding/json"
	"math"
	"os"
	"runtime"
	"sync"
	"time"
)

const (
	n     = 10000
	batch = 1000
)

// spawn: n goroutines that call wg.Done, in batches of 1,000 (ns per goroutine).
func spawn() float64 {
	start := time.Now()
	for b := 0; b < n/batch; b++ {
		var wg sync.WaitGroup
		wg.Add(batch)
		for i := 0; i < batch; i++ {
			go wg.Done()
		}
		wg.Wait()
	}
	return float64(time.Since(start).Nanoseconds()) / n
}

// pingPong: n one-way handoffs between main and an echo goroutine (ns per handoff).
func pingPong() float64 {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v
		}
	}()
	start := time.Now()
	v := 0
	for i := 0; i < n/2; i++ {
		ping <- v
		v = <-pong
	}
	close(ping)
	return float64(time.Since(start).Nanoseconds()) / n
}

// measure runs f in rounds for ~3 s after a warm-up, as JMH runs iterations, and returns the
// mean ns per op, its 99.9% error (3.29 standard errors: rounds are many) and the best round.
// The report compares means with JMH's means; the best round is printed beside them.
func measure(f func() float64) (mean, err, best float64) {
	for deadline := time.Now().Add(500 * time.Millisecond); time.Now().Before(deadline); {
		f()
	}
	var xs []float64
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); {
		xs = append(xs, f())
	}
	best = xs[0]
	for _, x := range xs {
		mean += x
		if x < best {
			best = x
		}
	}
	mean /= float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	sd := math.Sqrt(ss / float64(len(xs)-1))
	return mean, 3.29 * sd / math.Sqrt(float64(len(xs))), best
}

// parked: bytes per goroutine blocked receiving on one channel (stack + heap in use).
func parked(count int) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	gate := make(chan int)
	var started sync.WaitGroup
	started.Add(count)
	for i := 0; i < count; i++ {
		go func() {
			started.Done()
			<-gate
		}()
	}
	started.Wait()
	time.Sleep(100 * time.Millisecond)
	runtime.GC()
	runtime.ReadMemStats(&after)
	used := (after.StackInuse + after.HeapInuse) - (before.StackInuse + before.HeapInuse)
	close(gate)
	return float64(used) / float64(count)
}

func main() {
	out := map[string]interface{}{"go": runtime.Version()}
	for _, p := range []int{1, 2} {
		runtime.GOMAXPROCS(p)
		for name, f := range map[string]func() float64{"spawn": spawn, "pingPong": pingPong} {
			key := name + "/" + string(rune('0'+p))
			mean, err, best := measure(f)
			out[key], out[key+".error"], out[key+".best"] = mean, err, best
		}
	}
	runtime.GOMAXPROCS(1)
	out["parkedBytes"] = parked(1000000)
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.Encode(out)
}
