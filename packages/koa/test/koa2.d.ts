// Koa 2 is installed under an alias for tests; it has the same shape as far as the tests go.
declare module 'koa2' {
  import Koa from 'koa'
  export default Koa
}
