using System.Diagnostics;
using System.Security.Cryptography;
using KDTalker.Farm.Contracts;
using KDTalker.Model.Media;
using KDTalker.Model.Pipeline;
using KDTalker.Model.Renderer;

namespace KDTalker.Farm.Worker;

/// <summary>
/// A worker's engine, loaded once per silo: the networks, and the source encodings (f_s, x_s) of the portraits it is
/// rendering, computed once per portrait and kept for the next ranges of the same job.
/// </summary>
public sealed class RenderEngine : IDisposable
{
    private const int CachedSources = 4;
    private readonly TalkerModels _models;
    private readonly FrameGenerator _generator;
    private readonly SemaphoreSlim _device = new(1, 1);
    private readonly List<(string Key, SourceEncoding Source)> _sources = [];

    /// <summary>Takes ownership of <paramref name="models"/>; <paramref name="status"/> hears each range as it starts.</summary>
    public RenderEngine(TalkerModels models, WorkerInfo info, IProgress<string>? status = null)
    {
        Status = status;
        _models = models ?? throw new ArgumentNullException(nameof(models));
        _generator = new FrameGenerator(models);
        Info = info ?? throw new ArgumentNullException(nameof(info));
    }

    /// <summary>Hears what the worker renders.</summary>
    public IProgress<string>? Status { get; }

    /// <summary>What this worker renders with.</summary>
    public WorkerInfo Info { get; }

    /// <summary>Renders frame <paramref name="frame"/> of <paramref name="request"/> (one frame at a time per worker: the device is shared).</summary>
    public RenderedFrame Render(RenderRequest request, int frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _device.Wait(cancellationToken);
        try
        {
            var clock = Stopwatch.StartNew();
            var source = Source(request);
            int offset = (frame - request.Start) * request.ValuesPerFrame;
            var face = _generator.Render(source, new ImplicitKeypoints(request.Keypoints.AsSpan(offset, request.ValuesPerFrame)));
            return new RenderedFrame(frame, face.Width, face.Height, face.Pixels, clock.Elapsed);
        }
        finally
        {
            _device.Release();
        }
    }

    // The source encoding of the request's crop, keyed by the crop's bytes (a job's ranges share it).
    private SourceEncoding Source(RenderRequest request)
    {
        string key = Convert.ToHexString(SHA256.HashData(request.CropPixels));
        int index = _sources.FindIndex(s => s.Key == key);
        if (index >= 0)
            return _sources[index].Source;
        var source = SourceEncoding.Encode(_models, new RgbImage(request.CropWidth, request.CropHeight, request.CropPixels));
        if (_sources.Count == CachedSources)
        {
            _sources[0].Source.Dispose();
            _sources.RemoveAt(0);
        }
        _sources.Add((key, source));
        return source;
    }

    /// <summary>Releases the source encodings and the networks.</summary>
    public void Dispose()
    {
        foreach (var (_, source) in _sources)
            source.Dispose();
        _sources.Clear();
        _models.Dispose();
        _device.Dispose();
    }
}
