using System.Diagnostics;
using System.Threading.Channels;
using KDTalker.Farm.Contracts;
using KDTalker.Model.Media;
using KDTalker.Model.Pipeline;
using Orleans.Runtime.Placement;

namespace KDTalker.Farm.Coordinator;

/// <summary>
/// One video on the farm: the workers admitted, their ranges, and the events coming back (frames, ends of ranges,
/// the membership seen). Everything runs on the coordinator's loop (<see cref="StepAsync"/>); workers' streams only post events.
/// </summary>
internal sealed class FarmJob
{
    private static readonly TimeSpan DiscoveryPeriod = TimeSpan.FromSeconds(2), Tick = TimeSpan.FromMilliseconds(500), Suspension = TimeSpan.FromSeconds(60);
    private readonly IClusterClient _client;
    private readonly RgbImage _crop;
    private readonly MotionTrack _motion;
    private readonly FarmOptions _options;
    private readonly EngineIdentity _identity;
    private readonly IProgress<string>? _status;
    private readonly string _jobId = Guid.NewGuid().ToString("N");
    private readonly Channel<object> _events = Channel.CreateUnbounded<object>();
    private readonly Dictionary<SiloAddress, WorkerState> _workers = [];
    private readonly HashSet<SiloAddress> _refused = [], _describing = [];
    private readonly Dictionary<SiloAddress, TimeSpan> _suspended = [];
    private readonly Dictionary<string, int> _framesPerWorker = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _nextDiscovery, _busyTime, _renderTime;
    private int _framesReceived;
    private bool _discovering, _discoveredOnce, _waiting;

    public FarmJob(IClusterClient client, RgbImage crop, MotionTrack motion, FarmOptions options, EngineIdentity identity, IProgress<string>? status)
    {
        (_client, _crop, _motion, _options, _identity, _status) = (client, crop, motion, options, identity, status);
        Scheduler = new RangeScheduler(motion.Frames, options.RangeFrames, options.WindowFrames);
    }

    public RangeScheduler Scheduler { get; }

    private TimeSpan Now => _clock.Elapsed;

    /// <summary>Looks for workers when due, takes ranges from hung ones, gives idle ones work, then handles what came back.</summary>
    public async Task StepAsync(CancellationToken cancellationToken)
    {
        if (!_discovering && Now >= _nextDiscovery)
        {
            _discovering = true;
            _ = DiscoverAsync();
        }
        foreach (var hung in Scheduler.Hung(Now, _options.HangTimeout))
        {
            var worker = _workers.Values.FirstOrDefault(w => w.Busy == hung);
            _status?.Report($"{hung.Worker} sent no frame for {_options.HangTimeout.TotalSeconds:F0} s: its frames {hung.Next}–{hung.End - 1} go to " +
                "another worker");
            if (worker is not null)
                Drop(worker, Suspension);
            Cancel(hung);
            Scheduler.End(hung);
        }
        AssignIdle();
        if (_workers.Count == 0 && !_waiting && _discoveredOnce && _describing.Count == 0)
        {
            _waiting = true;
            string accepted = _refused.Count > 0 ? $" that this coordinator accepts ({_refused.Count} refused)" : "";
            _status?.Report($"no worker in the cluster{accepted}: the job waits at frame {Scheduler.NextToWrite} of {_motion.Frames} until one joins "
                + $"(`kdtalker worker --cluster {_options.Cluster}`)");
        }
        using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        tick.CancelAfter(Tick);
        try
        {
            await _events.Reader.WaitToReadAsync(tick.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        while (_events.Reader.TryRead(out var item))
            Handle(item);
    }

    /// <summary>Stops every range still being rendered.</summary>
    public void Stop()
    {
        foreach (var assignment in Scheduler.Active.ToList())
        {
            Cancel(assignment);
            Scheduler.End(assignment);
        }
    }

    public FarmReport Report()
    {
        // Busy time runs from a range's request to its last frame in; ranges still open count up to their last frame.
        var busy = _busyTime + Scheduler.Active.Aggregate(TimeSpan.Zero, (sum, a) => sum + (a.LastProgress - a.Issued));
        int frames = Math.Max(_framesReceived, 1);
        return new(Scheduler.NextToWrite, Now, new Dictionary<string, int>(_framesPerWorker), Scheduler.Reissued, (busy - _renderTime) / frames,
            _renderTime / frames);
    }

    private void AssignIdle()
    {
        foreach (var worker in _workers.Values.Where(w => w.Busy is null).ToList())
        {
            var assignment = Scheduler.Assign(worker.Name, Now);
            if (assignment is null)
                return;
            worker.Busy = assignment;
            if (assignment.Twin is { } laggard)
                _status?.Report($"{laggard.Worker} is late with frames {assignment.Start}–{assignment.End - 1}: {worker.Name} renders them too (the first "
                    + "copy is kept)");
            _ = RenderAsync(worker, assignment);
        }
    }

    private void Handle(object item)
    {
        switch (item)
        {
            case FrameArrived(var assignment, var frame):
                if (!Scheduler.Active.Contains(assignment))
                    return; // a range already taken away (hung) or cancelled
                Scheduler.Receive(assignment, frame.Index - _motion.Start, new RgbImage(frame.Width, frame.Height, frame.Pixels), Now);
                _framesReceived++;
                _renderTime += frame.RenderTime;
                _framesPerWorker[assignment.Worker] = _framesPerWorker.GetValueOrDefault(assignment.Worker) + 1;
                if (assignment.Twin is { } twin && Scheduler.IsComplete(twin))
                    Cancel(twin); // the laggard's frames all came from its twin
                break;
            case RangeEnded(var assignment, var error):
                Ended(assignment, error);
                break;
            case WorkersSeen(var silos):
                if (silos is not null)
                    Seen(silos);
                _discovering = false;
                _discoveredOnce = true;
                _nextDiscovery = Now + DiscoveryPeriod;
                break;
            case WorkerDescribed(var silo, var info):
                Admit(silo, info);
                break;
        }
    }

    private void Ended(Assignment assignment, Exception? error)
    {
        var worker = _workers.Values.FirstOrDefault(w => w.Busy == assignment);
        bool wasActive = Scheduler.Active.Contains(assignment);
        _busyTime += assignment.LastProgress - assignment.Issued;
        Scheduler.End(assignment);
        if (worker is not null)
            worker.Busy = null;
        if (error is not null && wasActive && !assignment.Cancellation.IsCancellationRequested)
        {
            _status?.Report($"{assignment.Worker} failed on frames {assignment.Start}–{assignment.End - 1} " +
                $"({error.GetType().Name}: {FirstLine(error.Message)}); "
                + $"{(Scheduler.IsComplete(assignment) ? "its frames are all in" : $"frames {assignment.Next}–{assignment.End - 1} go to another worker")}");
            if (worker is not null)
                Drop(worker, TimeSpan.FromSeconds(10));
        }
        assignment.Dispose();
    }

    private void Seen(IReadOnlyList<SiloAddress> silos)
    {
        var present = silos.ToHashSet();
        foreach (var gone in _workers.Values.Where(w => !present.Contains(w.Silo)).ToList())
        {
            _status?.Report($"worker {gone.Name} left the cluster"
                + (gone.Busy is { } range ? $"; its frames {range.Next}–{range.End - 1} go to another worker" : ""));
            Drop(gone, TimeSpan.Zero);
        }
        foreach (var silo in silos)
        {
            if (_workers.ContainsKey(silo) || _refused.Contains(silo) || _describing.Contains(silo)
                || (_suspended.TryGetValue(silo, out var until) && Now < until))
                continue;
            _describing.Add(silo);
            _ = DescribeAsync(silo);
        }
    }

    private void Admit(SiloAddress silo, WorkerInfo? info)
    {
        _describing.Remove(silo);
        if (info is null)
        {
            _suspended[silo] = Now + TimeSpan.FromSeconds(10); // not answering: try again later
            return;
        }
        if (_identity.Mismatch(info.Engine) is { } why)
        {
            _refused.Add(silo);
            _status?.Report($"refused worker {info.Name}: {why}");
            return;
        }
        _workers[silo] = new WorkerState(silo, _client.GetGrain<IRenderWorkerGrain>(silo.ToParsableString()), info);
        _status?.Report($"worker {info.Name} joined ({info.Backend}){(_waiting ? ": the job resumes" : "")}");
        _waiting = false;
    }

    // A worker that failed, hung or left: its range (if any) is re-queued, and it is not asked again for a while.
    private void Drop(WorkerState worker, TimeSpan suspension)
    {
        _workers.Remove(worker.Silo);
        _suspended[worker.Silo] = Now + suspension;
        if (worker.Busy is { } assignment)
        {
            Cancel(assignment);
            Scheduler.End(assignment);
        }
    }

    private static void Cancel(Assignment assignment)
    {
        try
        {
            assignment.Cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task RenderAsync(WorkerState worker, Assignment assignment)
    {
        try
        {
            var keypoints = _motion.Slice(_motion.Start + assignment.Start, _motion.Start + assignment.End);
            var request = new RenderRequest(_jobId, _crop.Width, _crop.Height, _crop.Pixels, keypoints.Start, keypoints.ValuesPerFrame,
                keypoints.Values.ToArray());
            RequestContext.Set(IPlacementDirector.PlacementHintKey, worker.Silo);
            var token = assignment.Cancellation.Token;
            await foreach (var frame in worker.Grain.RenderAsync(request, token).WithCancellation(token).ConfigureAwait(false))
                _events.Writer.TryWrite(new FrameArrived(assignment, frame));
            _events.Writer.TryWrite(new RangeEnded(assignment, null));
        }
        catch (Exception error)
        {
            _events.Writer.TryWrite(new RangeEnded(assignment, error));
        }
    }

    private async Task DiscoverAsync()
    {
        IReadOnlyList<SiloAddress>? silos = null;
        try
        {
            var hosts = await _client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            silos = hosts.Keys.ToList();
        }
        catch (Exception)
        {
            // No answer (no gateway up, or the one asked is cut off): the membership is unknown, not empty. Workers already
            // admitted stay until their own streams fail or go silent; with none admitted, the job waits.
        }
        _events.Writer.TryWrite(new WorkersSeen(silos));
    }

    private async Task DescribeAsync(SiloAddress silo)
    {
        WorkerInfo? info = null;
        try
        {
            RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
            info =
                await _client.GetGrain<IRenderWorkerGrain>(silo.ToParsableString()).DescribeAsync().WaitAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        }
        catch (Exception)
        {
        }
        _events.Writer.TryWrite(new WorkerDescribed(silo, info));
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    private sealed record FrameArrived(Assignment Assignment, RenderedFrame Frame);

    private sealed record RangeEnded(Assignment Assignment, Exception? Error);

    private sealed record WorkersSeen(IReadOnlyList<SiloAddress>? Silos);

    private sealed record WorkerDescribed(SiloAddress Silo, WorkerInfo? Info);
}
