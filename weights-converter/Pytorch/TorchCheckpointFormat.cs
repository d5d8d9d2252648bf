namespace KDTalker.WeightsConverter.Pytorch;

/// <summary>The container a torch.save file uses.</summary>
public enum TorchCheckpointFormat
{
    /// <summary>torch ≥ 1.6: a zip of data.pkl and one record per storage.</summary>
    Zip,
    /// <summary>Older torch: consecutive pickles (magic, protocol, sys info, object, storage keys), then raw storages.</summary>
    Legacy,
}
