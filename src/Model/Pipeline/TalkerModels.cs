using System.Text.Json;
using KDTalker.Model.Audio;
using KDTalker.Model.Layers;
using KDTalker.Model.Motion;
using KDTalker.Model.Renderer;
using KDTalker.Tensors;

namespace KDTalker.Model.Pipeline;

/// <summary>
/// The six networks of the pipeline on one backend: LivePortrait's appearance and motion extractors, warping
/// network and SPADE decoder, Wav2Lip's audio encoder and KDTalker's denoiser.
/// </summary>
public sealed class TalkerModels : IDisposable
{
    /// <summary>The <c>--weights</c> value that selects the small test networks shipped with the project.</summary>
    public const string TestWeightsName = "test";

    private static readonly string[] Networks =
        ["appearance_feature_extractor", "motion_extractor", "warping_module", "spade_generator", "audio_encoder", "kdtalker"];

    private readonly List<IDisposable> _owned = [];

    private TalkerModels(string description, bool isRelease)
    {
        Description = description;
        IsRelease = isRelease;
    }

    /// <summary>What was loaded, for messages.</summary>
    public string Description { get; }

    /// <summary>
    /// True for the released (trained) weights. False for the test networks and random weights: the pipeline runs,
    /// but the frames are not a face.
    /// </summary>
    public bool IsRelease { get; }

    /// <summary>Appearance feature extractor F.</summary>
    public AppearanceFeatureExtractor Appearance { get; private set; } = null!;

    /// <summary>Motion extractor M.</summary>
    public MotionExtractor Motion { get; private set; } = null!;

    /// <summary>Warping network W.</summary>
    public WarpingNetwork Warping { get; private set; } = null!;

    /// <summary>SPADE decoder G.</summary>
    public SpadeDecoder Decoder { get; private set; } = null!;

    /// <summary>Wav2Lip audio encoder.</summary>
    public AudioEncoder AudioEncoder { get; private set; } = null!;

    /// <summary>The diffusion denoiser.</summary>
    public SimpleTransModel Denoiser { get; private set; } = null!;

    /// <summary>Where the test weights are: next to the application, copied there by the build.</summary>
    public static string TestWeightsDirectory => Path.Combine(AppContext.BaseDirectory, "test-weights");

    /// <summary>
    /// Loads the released networks from a bundle or the upstream download folder (shapes checked against the
    /// release), or the test networks when <paramref name="weights"/> is <see cref="TestWeightsName"/>.
    /// </summary>
    public static TalkerModels Load(string weights, IBackend backend, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return weights == TestWeightsName ? LoadTest(backend, cancellationToken) : LoadRelease(weights, backend, cancellationToken);
    }

    /// <summary>The released network sizes with random weights (seeded by tensor name): for timing without the checkpoints.</summary>
    public static TalkerModels CreateRandom(IBackend backend, CancellationToken cancellationToken = default)
    {
        var models = new TalkerModels("random weights with the released shapes", isRelease: false);
        try
        {
            models.Build(n => new WeightScope(new RandomWeightSource(n), backend), new(), new(), new(), new(), DenoiserConfig.Release, cancellationToken);
            return models;
        }
        catch
        {
            models.Dispose();
            throw;
        }
    }

    private static TalkerModels LoadRelease(string path, IBackend backend, CancellationToken cancellationToken)
    {
        var set = WeightSet.Open(path);
        var models = new TalkerModels(set.Description, isRelease: true);
        models._owned.Add(set);
        try
        {
            var missing = Networks.Where(n => !set.Networks.Contains(n)).ToList();
            if (missing.Count > 0)
                throw new InvalidDataException($"{path} lacks the weights of {string.Join(", ", missing)}. {WeightsHelp.HowToGet}");
            models.Build(n => set.Scope(n, backend), new(), new(), new(), new(), DenoiserConfig.Release, cancellationToken);
            return models;
        }
        catch
        {
            models.Dispose();
            throw;
        }
    }

    private static TalkerModels LoadTest(IBackend backend, CancellationToken cancellationToken)
    {
        string directory = TestWeightsDirectory;
        string File(string name) => Path.Combine(directory, name);
        if (!System.IO.File.Exists(File("h_kdtalker_point_diffusion.pth")))
            throw new FileNotFoundException($"The test weights are missing from {directory}; rebuild the application (they are copied from " +
                "tests/fixtures/golden).");
        var models = new TalkerModels($"the test networks in {directory}", isRelease: false);
        try
        {
            var files = new Dictionary<string, string>
            {
                ["appearance_feature_extractor"] = "a_appearance_feature_extractor.pth",
                ["motion_extractor"] = "b_motion_extractor.pth",
                ["warping_module"] = "c_warping_module.pth",
                ["spade_generator"] = "d_spade_generator.pth",
                ["audio_encoder"] = "f_wav2lip_audio_encoder.pth",
                ["kdtalker"] = "h_kdtalker_point_diffusion.pth",
            };
            WeightScope Scope(string network)
            {
                var set = WeightSet.Open(File(files[network]), checkReleaseShapes: false);
                models._owned.Add(set);
                return set.Scope(network, backend);
            }
            JsonElement Params(string config)
            {
                using var document = JsonDocument.Parse(System.IO.File.ReadAllText(File(config)));
                return document.RootElement.GetProperty("params").Clone(); // a copy that outlives the document
            }
            var diffusion = Params("h_diffusion.config.json");
            models.Build(Scope,
                NetworkConfigs.Appearance(Params("a_appearance_feature_extractor.config.json")),
                NetworkConfigs.Motion(Params("b_motion_extractor.config.json")),
                NetworkConfigs.Warping(Params("c_warping_module.config.json")),
                NetworkConfigs.Spade(Params("d_spade_generator.config.json")),
                new DenoiserConfig(Dim: diffusion.GetProperty("dim").GetInt32(), Layers: diffusion.GetProperty("num_layers").GetInt32()),
                cancellationToken);
            return models;
        }
        catch
        {
            models.Dispose();
            throw;
        }
    }

    private void Build(Func<string, WeightScope> scope, AppearanceFeatureExtractorConfig appearance, MotionExtractorConfig motion,
        WarpingNetworkConfig warping, SpadeDecoderConfig decoder, DenoiserConfig denoiser, CancellationToken cancellationToken)
    {
        T Add<T>(T network) where T : IDisposable
        {
            _owned.Add(network);
            cancellationToken.ThrowIfCancellationRequested();
            return network;
        }
        Appearance = Add(new AppearanceFeatureExtractor(scope("appearance_feature_extractor"), appearance));
        Motion = Add(new MotionExtractor(scope("motion_extractor"), motion));
        Warping = Add(new WarpingNetwork(scope("warping_module"), warping));
        Decoder = Add(new SpadeDecoder(scope("spade_generator"), decoder));
        AudioEncoder = Add(new AudioEncoder(scope("audio_encoder")));
        Denoiser = Add(new SimpleTransModel(scope("kdtalker")["point_model"]["model"], denoiser));
    }

    /// <summary>Releases the networks and closes the weight files.</summary>
    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
            _owned[i].Dispose();
        _owned.Clear();
    }
}
