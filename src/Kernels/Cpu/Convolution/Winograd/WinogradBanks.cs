namespace KDTalker.Kernels.Cpu.Convolution.Winograd;

/// <summary>
/// The transformed kernels made from one storage, by the weight view's offset and the range of output channels (a
/// storage may hold several weights; a modulating convolution uses its γ and β halves as two banks) and the depth tap
/// of a 3×3×3 kernel.
/// </summary>
internal sealed class WinogradBanks
{
    private readonly Dictionary<(int Offset, int First, int Count, int Tap), WinogradWeights> _banks = [];

    public WinogradWeights For(int offset, int first, int count, int tap, Func<WinogradWeights> transform)
    {
        lock (_banks)
        {
            if (!_banks.TryGetValue((offset, first, count, tap), out var bank))
                _banks[(offset, first, count, tap)] = bank = transform();
            return bank;
        }
    }
}
