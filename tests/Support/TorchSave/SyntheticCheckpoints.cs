using KDTalker.WeightsConverter.Catalog;

namespace KDTalker.Tests.Support.TorchSave;

/// <summary>
/// Real-size stand-ins for the released checkpoints, built from the catalog's key lists with
/// deterministic pseudo-random values, in the layout of each upstream file (wrapper dicts, DataParallel
/// prefixes, extra entries such as an optimizer, an OmegaConf config and the six rotary `freqs` sharing
/// one storage).
/// </summary>
public static class SyntheticCheckpoints
{
    /// <summary>The values written for a key: uniform in [-1, 1), a pure function of the key.</summary>
    public static float[] Values(string key, long count)
    {
        var random = new Random(StableHash(key));
        var values = new float[count];
        for (long i = 0; i < count; i++)
            values[i] = random.NextSingle() * 2 - 1;
        return values;
    }

    /// <summary>Writes a checkpoint for <paramref name="spec"/> in its upstream layout.</summary>
    public static void Write(NetworkSpec spec, string path, bool legacy)
    {
        var storages = new List<StorageData>();
        var sharedFreqs = new Dictionary<long, string>();
        TensorValue Tensor(string key, ExpectedTensor expected)
        {
            long count = expected.Shape.Aggregate(1L, (a, b) => a * b);
            var stride = new long[expected.Shape.Length];
            for (int i = stride.Length - 1, s = 1; i >= 0; s *= (int)expected.Shape[i], i--)
                stride[i] = s;
            if (expected.DType == "int64")
            {
                storages.Add(new StorageData(storages.Count.ToString(), count, () => new byte[count * 8]));
                return new TensorValue(storages[^1].Key, count, 0, expected.Shape, stride, "LongStorage");
            }
            if (key.EndsWith("rotary_emb.freqs", StringComparison.Ordinal) && sharedFreqs.TryGetValue(count, out var shared))
                return new TensorValue(shared, count, 0, expected.Shape, stride);
            string storageKey = storages.Count.ToString();
            storages.Add(new StorageData(storageKey, count, () => Bytes(Values(expected.Name, count))));
            if (key.EndsWith("rotary_emb.freqs", StringComparison.Ordinal))
                sharedFreqs[count] = storageKey;
            return new TensorValue(storageKey, count, 0, expected.Shape, stride);
        }

        object root = spec.Id switch
        {
            "kdtalker" => new PlainDictValue([
                new("model", StateDict(spec.Tensors, t => t.Name, Tensor)),
                new("optimizer", new PlainDictValue([new("state", new PlainDictValue([])), new("param_groups", new List<object?> { new OpaqueValue("torch.optim.adamw", "AdamW", [], null) })])),
                new("epoch", 12L),
                new("cfg", new OpaqueValue("omegaconf.dictconfig", "DictConfig", [new PlainDictValue([new("lr", "1e-4")])], new PlainDictValue([new("_parent", null)]))),
                new("model_ema", new OpaqueValue("os", "system", ["echo never run"], null)),
            ]),
            "audio_encoder" => new PlainDictValue([
                new("state_dict", StateDict(
                    spec.Tensors.Append(new ExpectedTensor("face_encoder_blocks.0.0.conv_block.0.weight", [16, 6, 7, 7], "float32")),
                    t => t.Name.StartsWith("face_", StringComparison.Ordinal) ? "module." + t.Name : "module.audio_encoder." + t.Name, Tensor)),
                new("global_step", 300000L),
            ]),
            "stitching_retargeting_module" => new PlainDictValue(spec.Tensors
                .GroupBy(t => t.Name[..t.Name.IndexOf('.')])
                .Select(g => new KeyValuePair<string, object?>(g.Key, StateDict(g, t => "module." + t.Name[(g.Key.Length + 1)..], Tensor)))
                .ToList()),
            _ => StateDict(spec.Tensors, t => t.Name, Tensor),
        };
        if (legacy)
            TorchSaveWriter.SaveLegacy(path, root, storages);
        else
            TorchSaveWriter.SaveZip(path, root, storages);
    }

    private static OrderedDictValue StateDict(IEnumerable<ExpectedTensor> tensors, Func<ExpectedTensor, string> key, Func<string, ExpectedTensor, TensorValue> tensor) =>
        new(tensors.Select(t => new KeyValuePair<string, object?>(key(t), tensor(key(t), t))).ToList());

    private static byte[] Bytes(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    private static int StableHash(string text)
    {
        unchecked
        {
            int hash = (int)2166136261;
            foreach (char c in text)
                hash = (hash ^ c) * 16777619;
            return hash;
        }
    }
}
