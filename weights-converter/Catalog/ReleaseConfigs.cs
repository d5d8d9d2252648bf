namespace KDTalker.WeightsConverter.Catalog;

/// <summary>
/// The configuration each released checkpoint was trained with (upstream models.yaml and the hard-coded
/// KDTalker values, docs/MODULES.md), in upstream's parameter names: written into bundles converted from
/// files whose shapes were checked against the release.
/// </summary>
public static class ReleaseConfigs
{
    private static readonly Dictionary<string, string> Configs = new(StringComparer.Ordinal)
    {
        ["appearance_feature_extractor"] =
            """{"image_channel":3,"block_expansion":64,"num_down_blocks":2,"max_features":512,"reshape_channel":32,"reshape_depth":16,"num_resblocks":6}""",
        ["motion_extractor"] = """{"num_kp":21,"num_bins":66,"depths":[3,3,9,3],"dims":[96,192,384,768]}""",
        ["warping_module"] =
            """{"num_kp":21,"block_expansion":64,"max_features":512,"num_down_blocks":2,"reshape_channel":""" +
            """32,"estimate_occlusion_map":true,"dense_motion_params":""" +
            """{"block_expansion":32,"max_features":1024,"num_blocks":5,"reshape_depth":16,"compress":4}}""",
        ["spade_generator"] = """{"upscale":2,"block_expansion":64,"max_features":512,"num_down_blocks":2,"out_channels":64}""",
        ["audio_encoder"] = """{"layers":13,"input":[1,80,16],"output":512}""",
        ["kdtalker"] = """{"dim":768,"num_layers":6,"timestep_embed_dim":256,"heads":12,"head_dim":64,"in_channels":70,"context_dim":512}""",
        ["stitching_retargeting_module"] =
            """{"retarget_shoulder":[126,128,128,64,65],"retarget_mouth":[65,128,128,64,63],"retarget_eye":[66,256,256,128,128,64,63]}""",
    };

    /// <summary>The released configuration of a network, as JSON.</summary>
    public static string For(string network) =>
        Configs.TryGetValue(network, out var config) ? config : throw new ArgumentException($"Unknown network '{network}'.");
}
