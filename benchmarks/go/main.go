// The side-by-side with real Go for the benchmark report (the workloads of StageBenchmarks
// and ParkedMemory, written the same way). Optional: the workbook never needs Go.
//
//	go run main.go > go.json      (or: bash run.sh go.json)
//
// Prints one JSON object: "spawn/1", "spawn/2", "chainedSpawn/1", ... "syscallMix/2" in ns per
// op (the mean of ~3 s of rounds, with ".error", its 99.9% error, and ".best", the best round),
// and "parkedBytes": bytes per goroutine parked on a channel (1,000,000).
package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

const (
	n            = 10000
	batch        = 1000
	yielders     = 100
	yields       = 100
	jobs         = 1000
	syscallEvery = 10
	// quietMs: the untimed pause before each syscall-mix round (QuietStart in the Java suite).
	quietMs = 50
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

// chainedSpawn: each goroutine starts the next, n deep; the last reports (ns per goroutine).
func chainedSpawn() float64 {
	start := time.Now()
	done := make(chan int, 1)
	var link func(left int)
	link = func(left int) {
		if left == 0 {
			done <- n
		} else {
			go link(left - 1)
		}
	}
	go link(n - 1)
	<-done
	return float64(time.Since(start).Nanoseconds()) / n
}

// yieldMany: 100 goroutines call runtime.Gosched 100 times each (ns per yield).
func yieldMany() float64 {
	start := time.Now()
	var wg sync.WaitGroup
	wg.Add(yielders)
	for g := 0; g < yielders; g++ {
		go func() {
			for i := 0; i < yields; i++ {
				runtime.Gosched()
			}
			wg.Done()
		}()
	}
	wg.Wait()
	return float64(time.Since(start).Nanoseconds()) / (yielders * yields)
}

// syscallMix: 1,000 jobs of ~10 us of arithmetic; every 10th also blocks 1 ms in a real
// syscall (nanosleep, through entersyscall/exitsyscall). ns per job, after quietPause.
func syscallMix() float64 {
	quietPause()
	return syscallMixBackToBack()
}

// quietPause puts sysmon back to 20 us looks before a round, as the Java suite's QuietStart
// does for a stage. In Go a pause alone does not: sysmon starts over at 20 us only after it
// hands off a P or is woken by a syscall from its idle sleep, never after a timer (see
// sysmonBackoff). So main waits in a blocking syscall longer than two of sysmon's longest
// sleeps: sysmon sees it on two looks and hands its P off.
func quietPause() {
	syscall.Nanosleep(&syscall.Timespec{Nsec: quietMs * 1000000}, nil)
}

// syscallMixBackToBack: the same without the pause (see sysmonBackoff).
func syscallMixBackToBack() float64 {
	start := time.Now()
	var wg sync.WaitGroup
	wg.Add(jobs)
	var sink int64
	for j := 0; j < jobs; j++ {
		blocks := j%syscallEvery == 0
		go func() {
			atomic.AddInt64(&sink, work())
			if blocks {
				syscall.Nanosleep(&syscall.Timespec{Nsec: 1000000}, nil)
			}
			wg.Done()
		}()
	}
	wg.Wait()
	return float64(time.Since(start).Nanoseconds()) / jobs
}

// work: about 10 us of arithmetic the compiler cannot drop (GoPrograms.work in Java).
func work() int64 {
	var x int64
	for k := int64(0); k < 20000; k++ {
		x += k*31 ^ x
	}
	return x & 1
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
	if len(os.Args) > 1 && os.Args[1] == "-sysmon" {
		sysmonBackoff()
		return
	}
	out := map[string]interface{}{"go": runtime.Version()}
	workloads := []struct { // in a fixed order: the syscall mix depends on what ran before it
		name string
		f    func() float64
	}{{"spawn", spawn}, {"chainedSpawn", chainedSpawn}, {"pingPong", pingPong},
		{"yieldMany", yieldMany}, {"syscallMix", syscallMix}}
	for _, p := range []int{1, 2} {
		runtime.GOMAXPROCS(p)
		for _, w := range workloads {
			key := w.name + "/" + string(rune('0'+p))
			mean, err, best := measure(w.f)
			out[key], out[key+".error"], out[key+".best"] = mean, err, best
		}
	}
	runtime.GOMAXPROCS(1)
	out["parkedBytes"] = parked(1000000)
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.Encode(out)
}

// sysmonBackoff shows sysmon's blind spot at GOMAXPROCS=1, as SysmonBackoff.java does on a
// stage: 50 ms of work with no syscall (sysmon backs off to 10 ms sleeps), then 20 syscall-mix
// rounds back to back, then 20 rounds each after a 50 ms time.Sleep, then 20 each after
// quietPause. Prints the median ns per job of each phase.
//
//	go run main.go -sysmon
func sysmonBackoff() {
	runtime.GOMAXPROCS(1)
	for t := time.Now(); time.Since(t) < 50*time.Millisecond; {
		Sink += work()
	}
	backToBack := rounds(20, syscallMixBackToBack)
	afterSleep := rounds(20, func() float64 {
		time.Sleep(quietMs * time.Millisecond)
		return syscallMixBackToBack()
	})
	afterSyscall := rounds(20, syscallMix)
	fmt.Printf("%s, GOMAXPROCS=1, ns per job (median of 20 rounds): back to back after 50 ms of work %.0f; "+
		"each after a %d ms time.Sleep %.0f; each after a %d ms blocking syscall %.0f\n",
		runtime.Version(), backToBack, quietMs, afterSleep, quietMs, afterSyscall)
}

// Sink keeps work()'s results, so the compiler keeps the loops that compute them.
var Sink int64

// rounds runs f count times and returns the median.
func rounds(count int, f func() float64) float64 {
	xs := make([]float64, count)
	for i := range xs {
		xs[i] = f()
	}
	sort.Float64s(xs)
	return xs[count/2]
}
