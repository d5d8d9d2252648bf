using KDTalker.WeightsConverter.Pickle;

namespace KDTalker.WeightsConverter.Pytorch;

/// <summary>Walks a checkpoint's object tree (dicts within dicts) to its tensors.</summary>
public static class CheckpointTree
{
    private const int MaxDepth = 8;

    /// <summary>
    /// Every tensor reachable through dicts, named by its key path joined with '/', in file order
    /// (e.g. "model/point_model.model.time_mlp.1.weight"). Cycles and very deep nesting are not followed.
    /// </summary>
    public static IEnumerable<(string Path, TorchTensor Tensor)> Tensors(object? root)
    {
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(string Path, object? Value, int Depth)>();
        pending.Push(("", root, 0));
        while (pending.Count > 0)
        {
            var (path, value, depth) = pending.Pop();
            if (value is TorchTensor tensor)
                yield return (path, tensor);
            else if (value is PickleDict dict && depth < MaxDepth && visited.Add(dict))
                for (int i = dict.Items.Count - 1; i >= 0; i--)
                {
                    var (key, item) = (dict.Items[i].Key, dict.Items[i].Value);
                    pending.Push((path.Length == 0 ? $"{key}" : $"{path}/{key}", item, depth + 1));
                }
        }
    }
}
