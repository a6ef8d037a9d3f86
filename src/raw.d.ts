// Vite's "?raw" imports: the file's text as a string (vite/client declares the same; we do not load its types).
declare module "*?raw" {
    const text: string;
    export default text;
}
