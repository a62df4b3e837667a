/// Unaligned loads and stores of eight floats, for the vector loops.
extension SIMD8<Float> {
    /// Eight floats from `pointer` (any alignment).
    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> Self {
        UnsafeRawPointer(pointer).loadUnaligned(as: Self.self)
    }

    /// Writes the eight lanes to `pointer` (any alignment).
    @inline(__always)
    func store(_ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: self, as: Self.self)
    }
}
