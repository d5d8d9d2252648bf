using KDTalker.Model.Face;
using KDTalker.Model.Media;
using KDTalker.Model.Pipeline;
using KDTalker.Tensors;

namespace KDTalker.Web;

/// <summary>
/// The engine every job shares: the networks, loaded once (in the background from start-up) with the renderer their
/// frames go through (this process, or a render farm), and face-api's detector, loaded at first use on a backend of
/// its own so finding faces never waits for a render.
/// </summary>
internal sealed class Engine : IDisposable
{
    private readonly Lazy<Task<Loaded>> _loaded;
    private readonly Lazy<FaceDetector> _faces;
    private readonly SemaphoreSlim _faceGate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();

    /// <param name="renderBackend">The backend jobs render on.</param>
    /// <param name="faceBackend">The backend faces are found on (may be <paramref name="renderBackend"/>).</param>
    /// <param name="options">The weights and face models.</param>
    /// <param name="renderers">Makes the renderer of the loaded networks' frames (a render farm); null renders in this process.</param>
    public Engine(IBackend renderBackend, IBackend faceBackend, ServerOptions options, Func<Talker, IFrameRenderer>? renderers)
    {
        RenderBackend = renderBackend;
        _loaded = new(() => Task.Run(() =>
        {
            var talker = Talker.Load(options.Weights, renderBackend, _stopping.Token);
            try
            {
                // The backend too: another SIMD level, thread count or device may round differently.
                string build = $"{WeightsDigest.EngineVersion}\n{WeightsDigest.Compute(options.Weights)}\n{renderBackend.Description}";
                return new Loaded(talker, renderers?.Invoke(talker) ?? new LocalFrameRenderer(talker.Models), build);
            }
            catch
            {
                talker.Dispose();
                throw;
            }
        }));
        // a failure is retried: the models may be installed meanwhile
        _faces = new(() => FaceDetector.Load(options.FaceModels, faceBackend), LazyThreadSafetyMode.PublicationOnly);
        VideoFormat = FrameSinks.DefaultFormat();
    }

    /// <summary>The backend jobs render on.</summary>
    public IBackend RenderBackend { get; }

    /// <summary>MP4 (H.264, plays in browsers) when ffmpeg is installed, else AVI.</summary>
    public VideoFormat VideoFormat { get; }

    /// <summary>"loading", "ready" or "failed: why".</summary>
    public string Status => !_loaded.IsValueCreated || !_loaded.Value.IsCompleted ? "loading"
        : _loaded.Value.IsCompletedSuccessfully ? "ready" : $"failed: {_loaded.Value.Exception?.InnerException?.Message}";

    /// <summary>Whether the loaded networks are the released ones (false for the test networks, or while loading).</summary>
    public bool IsRelease => _loaded.IsValueCreated && _loaded.Value.IsCompletedSuccessfully && _loaded.Value.Result.Talker.Models.IsRelease;

    /// <summary>Starts loading the networks.</summary>
    public void StartLoading() => _ = _loaded.Value;

    /// <summary>The networks, their renderer and their build, once loaded.</summary>
    public Task<Loaded> LoadedAsync(CancellationToken cancellationToken) => _loaded.Value.WaitAsync(cancellationToken);

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

    /// <summary>The loaded engine.</summary>
    /// <param name="Talker">The networks.</param>
    /// <param name="Renderer">Where their frames are rendered.</param>
    /// <param name="Build">The engine version, the weights' digest and the render backend: what, besides a job's inputs and settings, decides its
    /// pixels.</param>
    public sealed record Loaded(Talker Talker, IFrameRenderer Renderer, string Build) : IDisposable
    {
        /// <summary>Leaves the farm (when the renderer is one), then releases the networks.</summary>
        public void Dispose()
        {
            if (Renderer is IAsyncDisposable farm)
                farm.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Talker.Dispose();
        }
    }

    public void Dispose()
    {
        if (_loaded.IsValueCreated)
        {
            // Still loading at shutdown: stop it (it checks between networks) and wait, so its buffers are released too.
            _stopping.Cancel();
            ((IAsyncResult)_loaded.Value).AsyncWaitHandle.WaitOne();
            if (_loaded.Value.IsCompletedSuccessfully)
                _loaded.Value.Result.Dispose();
        }
        if (_faces.IsValueCreated)
            _faces.Value.Dispose();
        _faceGate.Dispose();
        _stopping.Dispose();
    }
}
