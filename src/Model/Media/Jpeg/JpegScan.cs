namespace KDTalker.Model.Media.Jpeg;

/// <summary>
/// Decodes one scan's entropy-coded data into the components' coefficients (T.81 Annex F for sequential, Annex G
/// for progressive scans), restart intervals included.
/// </summary>
internal sealed class JpegScan
{
    private readonly JpegComponent[] _components;
    private readonly int _spectralStart, _spectralEnd, _successiveHigh, _successiveLow;
    private readonly bool _progressive;
    private int _endOfBandRun;

    public JpegScan(JpegComponent[] components, bool progressive, int spectralStart, int spectralEnd, int successiveHigh, int successiveLow)
    {
        _components = components;
        _progressive = progressive;
        _spectralStart = spectralStart;
        _spectralEnd = spectralEnd;
        _successiveHigh = successiveHigh;
        _successiveLow = successiveLow;
    }

    /// <summary>Decodes the scan starting at <paramref name="bits"/>; an MCU is a block in a one-component scan.</summary>
    public void Decode(JpegBitReader bits, int mcusPerLine, int mcusPerColumn, int restartInterval)
    {
        var single = _components.Length == 1 ? _components[0] : null;
        int total = single is null ? mcusPerLine * mcusPerColumn : single.BlocksPerLine * single.BlocksPerColumn;
        foreach (var component in _components)
            component.DcPredictor = 0;
        for (int mcu = 0; mcu < total; mcu++)
        {
            if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0)
                Restart(bits);
            if (single is not null)
            {
                DecodeBlock(bits, single, single.Block(mcu / single.BlocksPerLine, mcu % single.BlocksPerLine));
                continue;
            }
            int mcuRow = mcu / mcusPerLine, mcuColumn = mcu % mcusPerLine;
            foreach (var component in _components)
                for (int j = 0; j < component.V; j++)
                    for (int i = 0; i < component.H; i++)
                        DecodeBlock(bits, component, component.Block(mcuRow * component.V + j, mcuColumn * component.H + i));
        }
    }

    private void Restart(JpegBitReader bits)
    {
        int marker = bits.SkipToMarker();
        if (marker is < 0xD0 or > 0xD7)
            throw new InvalidDataException("a restart marker is missing from the image data (the file is corrupt).");
        bits.ConsumeMarker();
        foreach (var component in _components)
            component.DcPredictor = 0;
        _endOfBandRun = 0;
    }

    private void DecodeBlock(JpegBitReader bits, JpegComponent component, Span<int> block)
    {
        if (!_progressive)
            DecodeSequential(bits, component, block);
        else if (_spectralStart == 0)
            DecodeDc(bits, component, block);
        else if (_successiveHigh == 0)
            DecodeAcFirst(bits, component, block);
        else
            DecodeAcRefine(bits, component, block);
    }

    private static void DecodeSequential(JpegBitReader bits, JpegComponent component, Span<int> block)
    {
        var zigZag = JpegZigZag.ToNatural;
        component.DcPredictor += bits.ReceiveExtend(component.DcTable!.Decode(bits));
        block[0] = component.DcPredictor;
        for (int k = 1; k < 64;)
        {
            int rs = component.AcTable!.Decode(bits);
            int run = rs >> 4, size = rs & 15;
            if (size == 0)
            {
                if (run < 15)
                    break;
                k += 16;
                continue;
            }
            k += run;
            if (k > 63)
                throw new InvalidDataException("a block has more than 64 coefficients (the file is corrupt).");
            block[zigZag[k++]] = bits.ReceiveExtend(size);
        }
    }

    /// <summary>Progressive DC: the first scan codes the top bits as differences, later ones add one bit each (G.1.2.1).</summary>
    private void DecodeDc(JpegBitReader bits, JpegComponent component, Span<int> block)
    {
        if (_successiveHigh == 0)
        {
            component.DcPredictor += bits.ReceiveExtend(component.DcTable!.Decode(bits));
            block[0] = component.DcPredictor << _successiveLow;
        }
        else
        {
            block[0] |= bits.ReadBit() << _successiveLow;
        }
    }

    /// <summary>Progressive AC first pass over the band, with end-of-band runs spanning blocks (G.1.2.2).</summary>
    private void DecodeAcFirst(JpegBitReader bits, JpegComponent component, Span<int> block)
    {
        if (_endOfBandRun > 0)
        {
            _endOfBandRun--;
            return;
        }
        var zigZag = JpegZigZag.ToNatural;
        for (int k = _spectralStart; k <= _spectralEnd;)
        {
            int rs = component.AcTable!.Decode(bits);
            int run = rs >> 4, size = rs & 15;
            if (size == 0)
            {
                if (run < 15)
                {
                    _endOfBandRun = (1 << run) + bits.Receive(run) - 1;
                    break;
                }
                k += 16;
                continue;
            }
            k += run;
            if (k > _spectralEnd)
                throw new InvalidDataException("a progressive scan codes a coefficient outside its band (the file is corrupt).");
            block[zigZag[k++]] = bits.ReceiveExtend(size) * (1 << _successiveLow);
        }
    }

    /// <summary>
    /// Progressive AC refinement (G.1.2.3): each coefficient already non-zero gets one correction bit; a new
    /// coefficient of ±1 lands after skipping the coded number of zero coefficients.
    /// </summary>
    private void DecodeAcRefine(JpegBitReader bits, JpegComponent component, Span<int> block)
    {
        var zigZag = JpegZigZag.ToNatural;
        int plusOne = 1 << _successiveLow, minusOne = -1 << _successiveLow;
        int k = _spectralStart;
        if (_endOfBandRun == 0)
        {
            for (; k <= _spectralEnd; k++)
            {
                int rs = component.AcTable!.Decode(bits);
                int zerosToSkip = rs >> 4, size = rs & 15, newValue = 0;
                if (size != 0)
                {
                    if (size != 1)
                        throw new InvalidDataException("a progressive refinement scan codes a coefficient wider than one bit (the file is corrupt).");
                    newValue = bits.ReadBit() == 1 ? plusOne : minusOne;
                }
                else if (zerosToSkip != 15)
                {
                    _endOfBandRun = (1 << zerosToSkip) + bits.Receive(zerosToSkip);
                    break;
                }
                for (; k <= _spectralEnd; k++)
                {
                    ref int coefficient = ref block[zigZag[k]];
                    if (coefficient != 0)
                        Refine(bits, ref coefficient, plusOne, minusOne);
                    else if (zerosToSkip-- == 0)
                        break;
                }
                if (newValue != 0)
                {
                    if (k > _spectralEnd)
                        throw new InvalidDataException("a progressive refinement scan codes a coefficient outside its band (the file is corrupt).");
                    block[zigZag[k]] = newValue;
                }
            }
        }
        if (_endOfBandRun > 0)
        {
            for (; k <= _spectralEnd; k++)
            {
                ref int coefficient = ref block[zigZag[k]];
                if (coefficient != 0)
                    Refine(bits, ref coefficient, plusOne, minusOne);
            }
            _endOfBandRun--;
        }
    }

    private static void Refine(JpegBitReader bits, ref int coefficient, int plusOne, int minusOne)
    {
        if (bits.ReadBit() == 1 && (coefficient & plusOne) == 0)
            coefficient += coefficient >= 0 ? plusOne : minusOne;
    }
}
