using System.Buffers.Binary;
using System.IO.Compression;

namespace Downhill.Learning.Data;

/// <summary>
/// Reads IDX files (LeCun's format of MNIST and Fashion-MNIST), gzip-compressed or plain: a big-endian header
/// (magic 0x00000803 for images, 0x00000801 for labels, then the sizes) followed by unsigned bytes.
/// </summary>
/// <remarks>
/// The header is read and checked first (against <see cref="DataFile.MaxValues"/>), then exactly the bytes it
/// declares: a file that holds more is refused as soon as one byte more arrives, so a compressed file that inflates
/// without end costs no more than its header's claim.
/// </remarks>
public static class IdxFile
{
    /// <summary>Images as features in [0, 1] (pixel/255), and labels, as a data set of 10 classes.</summary>
    public static Dataset Load(string imagesPath, string labelsPath, string name, IReadOnlyList<string> classNames)
    {
        var (pixels, count, width) = ReadImages(imagesPath);
        byte[] labels = ReadLabels(labelsPath);
        if (labels.Length != count)
            throw new InputException($"'{imagesPath}' has {count} images but '{labelsPath}' has {labels.Length} labels");
        var features = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++) features[i] = pixels[i] / 255f;
        var targets = new float[count];
        for (int i = 0; i < count; i++)
        {
            if (labels[i] >= classNames.Count)
                throw new InputException($"'{labelsPath}': label {labels[i]} of image {i} is not below {classNames.Count}");
            targets[i] = labels[i];
        }
        return new Dataset(name, features, targets, width, classNames);
    }

    /// <summary>The pixels of every image, the image count and the pixels per image.</summary>
    public static (byte[] Pixels, int Count, int PixelsPerImage) ReadImages(string path)
    {
        using var stream = Open(path);
        var header = ReadHeader(stream, path, 0x803, 16);
        int count = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        int rows = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(8));
        int columns = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(12));
        if (count < 0 || rows <= 0 || columns <= 0)
            throw new InputException($"'{path}': header says {count} images of {rows}×{columns}, not a valid size");
        DataFile.CheckValues(count, (long)rows * columns, path, $"{count:N0} images of {rows}×{columns} pixels");
        return (ReadBody(stream, path, (long)count * rows * columns, $"{count} images of {rows}×{columns}"), count, rows * columns);
    }

    /// <summary>Reads the labels of an IDX1 file (MNIST's format).</summary>
    public static byte[] ReadLabels(string path)
    {
        using var stream = Open(path);
        var header = ReadHeader(stream, path, 0x801, 8);
        int count = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        if (count < 0) throw new InputException($"'{path}': header says {count} labels, not a valid count");
        DataFile.CheckValues(count, 1, path, $"{count:N0} labels");
        return ReadBody(stream, path, count, $"{count} labels");
    }

    private static Stream Open(string path)
    {
        var file = DataFile.OpenRead(path);
        try
        {
            bool gzip = file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
            file.Position = 0;
            return gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            file.Dispose();
            throw new InputException($"cannot read '{path}': {e.Message}");
        }
    }

    private static byte[] ReadHeader(Stream stream, string path, int magic, int length)
    {
        var header = new byte[length];
        if (Fill(stream, header, path) < length || BinaryPrimitives.ReadInt32BigEndian(header) != magic)
            throw new InputException($"'{path}' is not an IDX {(magic == 0x803 ? "image" : "label")} file (magic 0x{magic:x8} expected)");
        return header;
    }

    /// <summary>Exactly <paramref name="length"/> bytes, then the end of the data.</summary>
    private static byte[] ReadBody(Stream stream, string path, long length, string declared)
    {
        var body = new byte[length];
        int read = Fill(stream, body, path);
        if (read < length)
            throw new InputException($"'{path}': header says {declared} ({length:N0} bytes after it), but the file ends after {read:N0}");
        if (Fill(stream, new byte[1], path) > 0)
            throw new InputException($"'{path}': header says {declared} ({length:N0} bytes after it), but the file holds more");
        return body;
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the data ends; the bytes read.</summary>
    private static int Fill(Stream stream, byte[] buffer, string path)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new InputException($"cannot read '{path}': {e.Message}");
        }
    }
}
