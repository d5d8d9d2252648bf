using KDTalker.Model.Face;
using KDTalker.Model.Media;
using KDTalker.Model.Pipeline;
using KDTalker.Tensors;

namespace KDTalker.Web;

/// <summary>
/// The engine every job shares: the networks, loaded once (in the background from start-up), and face-api's
/// detector, loaded at first use on a backend of its own so finding faces never waits for a render.
/// </summary>
internal sealed class Engine : IDisposable
{
    private readonly Lazy<Task<Talker>> _talker;
    private readonly Lazy<FaceDetector> _faces;
    private readonly SemaphoreSlim _faceGate = new(1, 1);

    public Engine(IBackend renderBackend, IBackend faceBackend, ServerOptions options)
    {
        RenderBackend = renderBackend;
        _talker = new(() => Task.Run(() => Talker.Load(options.Weights, renderBackend)));
        // a failure is retried: the models may be installed meanwhile
        _faces = new(() => FaceDetector.Load(options.FaceModels, faceBackend), LazyThreadSafetyMode.PublicationOnly);
        VideoFormat = FrameSinks.DefaultFormat();
    }

    /// <summary>The backend jobs render on.</summary>
    public IBackend RenderBackend { get; }

    /// <summary>MP4 (H.264, plays in browsers) when ffmpeg is installed, else AVI.</summary>
    public VideoFormat VideoFormat { get; }

    /// <summary>"loading", "ready" or "failed: why".</summary>
    public string Status => !_talker.IsValueCreated || !_talker.Value.IsCompleted ? "loading"
        : _talker.Value.IsCompletedSuccessfully ? "ready" : $"failed: {_talker.Value.Exception?.InnerException?.Message}";

    /// <summary>Whether the loaded networks are the released ones (false for the test networks, or while loading).</summary>
    public bool IsRelease => _talker.IsValueCreated && _talker.Value.IsCompletedSuccessfully && _talker.Value.Result.Models.IsRelease;

    /// <summary>Starts loading the networks.</summary>
    public void StartLoading() => _ = _talker.Value;

    /// <summary>The networks, once loaded.</summary>
    public Task<Talker> TalkerAsync(CancellationToken cancellationToken) => _talker.Value.WaitAsync(cancellationToken);

    /// <summary>Runs <paramref name="use"/> with the face detector, one caller at a time.</summary>
    /// <exception cref="FileNotFoundException">The face models are not installed (the message says how to get them).</exception>
    public async Task<T> WithFacesAsync<T>(Func<FaceDetector, T> use, CancellationToken cancellationToken)
    {
        await _faceGate.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => use(_faces.Value), cancellationToken);
        }
        finally
        {
            _faceGate.Release();
        }
    }

    public void Dispose()
    {
        if (_talker.IsValueCreated)
        {
            // Still loading at shutdown: wait for it (seconds), so its buffers are released too.
            ((IAsyncResult)_talker.Value).AsyncWaitHandle.WaitOne();
            if (_talker.Value.IsCompletedSuccessfully)
                _talker.Value.Result.Dispose();
        }
        if (_faces.IsValueCreated)
            _faces.Value.Dispose();
        _faceGate.Dispose();
    }
}
