using System.Text.Json;
using KDTalker.Model.Renderer;

namespace KDTalker.Model.Pipeline;

/// <summary>
/// Network configurations from upstream constructor parameters (models.yaml names, as in the golden cases'
/// configs and the bundle's <c>&lt;network&gt;.config</c> metadata).
/// </summary>
public static class NetworkConfigs
{
    /// <summary>AppearanceFeatureExtractor parameters.</summary>
    public static AppearanceFeatureExtractorConfig Appearance(JsonElement p) => new()
    {
        ImageChannels = p.GetProperty("image_channel").GetInt32(),
        BlockExpansion = p.GetProperty("block_expansion").GetInt32(),
        DownBlocks = p.GetProperty("num_down_blocks").GetInt32(),
        MaxFeatures = p.GetProperty("max_features").GetInt32(),
        ReshapeChannels = p.GetProperty("reshape_channel").GetInt32(),
        ReshapeDepth = p.GetProperty("reshape_depth").GetInt32(),
        ResBlocks = p.GetProperty("num_resblocks").GetInt32(),
    };

    /// <summary>MotionExtractor parameters.</summary>
    public static MotionExtractorConfig Motion(JsonElement p) => new()
    {
        Keypoints = p.GetProperty("num_kp").GetInt32(),
        PoseBins = p.GetProperty("num_bins").GetInt32(),
        Depths = p.GetProperty("depths").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
        Dims = p.GetProperty("dims").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
    };

    /// <summary>WarpingNetwork parameters (with dense_motion_params).</summary>
    public static WarpingNetworkConfig Warping(JsonElement p)
    {
        var dense = p.GetProperty("dense_motion_params");
        return new WarpingNetworkConfig
        {
            Keypoints = p.GetProperty("num_kp").GetInt32(),
            BlockExpansion = p.GetProperty("block_expansion").GetInt32(),
            MaxFeatures = p.GetProperty("max_features").GetInt32(),
            DownBlocks = p.GetProperty("num_down_blocks").GetInt32(),
            ReshapeChannels = p.GetProperty("reshape_channel").GetInt32(),
            DenseMotion = new DenseMotionConfig
            {
                BlockExpansion = dense.GetProperty("block_expansion").GetInt32(),
                MaxFeatures = dense.GetProperty("max_features").GetInt32(),
                Blocks = dense.GetProperty("num_blocks").GetInt32(),
                ReshapeDepth = dense.GetProperty("reshape_depth").GetInt32(),
                Compress = dense.GetProperty("compress").GetInt32(),
            },
        };
    }

    /// <summary>SPADEDecoder parameters.</summary>
    public static SpadeDecoderConfig Spade(JsonElement p) => new()
    {
        Upscale = p.GetProperty("upscale").GetInt32(),
        BlockExpansion = p.GetProperty("block_expansion").GetInt32(),
        MaxFeatures = p.GetProperty("max_features").GetInt32(),
        DownBlocks = p.GetProperty("num_down_blocks").GetInt32(),
        OutChannels = p.TryGetProperty("out_channels", out var outChannels) ? outChannels.GetInt32() : 64,
    };
}
